package dev.otpgateway.app;

import dev.otpgateway.abuse.FraudCounters;
import dev.otpgateway.abuse.FraudGuard;
import dev.otpgateway.abuse.FraudSignals;
import dev.otpgateway.abuse.SimSwapGuard;
import dev.otpgateway.abuse.SimSwapLookup;
import dev.otpgateway.abuse.TenantRateLimiter;
import dev.otpgateway.api.HttpApi;
import dev.otpgateway.cluster.ClusterState;
import dev.otpgateway.conversion.ConversionTracker;
import dev.otpgateway.delivery.Breakers;
import dev.otpgateway.delivery.DeliveryQuality;
import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.delivery.HealthSnapshot;
import dev.otpgateway.delivery.VolumeTracker;
import dev.otpgateway.events.EventStream;
import dev.otpgateway.ledger.Budgets;
import dev.otpgateway.ledger.FileLedgerStore;
import dev.otpgateway.ledger.Ledger;
import dev.otpgateway.ledger.LedgerSigner;
import dev.otpgateway.ledger.LedgerStore;
import dev.otpgateway.ledger.NumberHasher;
import dev.otpgateway.ledger.PostgresLedgerStore;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.CodeSealer;
import dev.otpgateway.otp.OtpKeys;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.providers.twilio.TwilioProvider;
import dev.otpgateway.routing.Conversions;
import dev.otpgateway.routing.Exploration;
import dev.otpgateway.tenancy.ApiKeys;
import dev.otpgateway.tenancy.CallbackClient;
import dev.otpgateway.tenancy.CallbackTargetPolicy;
import dev.otpgateway.tenancy.TenantFiles;
import dev.otpgateway.tenancy.TenantLimits;
import dev.otpgateway.tenancy.TenantService;
import dev.otpgateway.verification.Admission;
import dev.otpgateway.verification.CodeSender;
import dev.otpgateway.verification.Codes;
import dev.otpgateway.verification.DeliveryFollowUp;
import dev.otpgateway.verification.DestinationSweeper;
import dev.otpgateway.verification.DurableTimers;
import dev.otpgateway.verification.EventMetrics;
import dev.otpgateway.verification.IdempotentStarts;
import dev.otpgateway.verification.RoutePlanner;
import dev.otpgateway.verification.RulesInForce;
import dev.otpgateway.verification.StartChecks;
import dev.otpgateway.verification.StatusCallbacks;
import dev.otpgateway.verification.VerificationRecords;
import dev.otpgateway.verification.VerificationService;
import dev.otpgateway.verification.VerificationStarter;
import dev.otpgateway.verification.VerificationSweeper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every collaborator of one node, constructed together. Built on a worker thread: constructing them
 * loads and initialises many classes (provider SDKs, HTTP clients, routers) and opens the ledger,
 * which must not stall an event loop.
 */
final class Services {
  final TenantService tenants;
  final DurableTimers timers;
  final VolumeTracker volumes;
  final ConversionTracker conversions;
  final Ledger ledger;
  final Budgets budgets;
  final VerificationSweeper sweeper;
  final DestinationSweeper destinationSweeper;
  final VerificationRecords records;
  final FraudCounters fraudCounters;
  final Admission admission;
  final HttpApi.Parts parts;
  private final List<Runnable> closers;

  /** What start-up read from disk, and the shared state. */
  record Inputs(
      ClusterState state,
      Metrics metrics,
      byte[] otpSecret,
      RulesInForce rules,
      Buffer openApi,
      ProviderSettings providers,
      ProviderSimulator simulator,
      String adminKey) {}

  Services(Vertx vertx, GatewayConfig config, Clock clock, Inputs in, BooleanSupplier ready) {
    ClusterState state = in.state();
    Metrics metrics = in.metrics();
    state.onMemberCount(metrics::clusterMembers);
    // Per-member shares of cluster-wide limits divide by the members there are, and never by fewer
    // than the cluster is meant to have: a member cut off, or the survivors of a loss, then admit
    // less rather than more (counters err toward refusing).
    int expectedMembers = config.clusterOptions().expectedSize();
    java.util.function.IntSupplier shares = () -> Math.max(state.memberCount(), expectedMembers);
    OtpKeys keys = OtpKeys.derive(in.otpSecret());
    String publicBaseUrl = config.resolvedPublicBaseUrl(config.httpPort());
    ProviderWiring.Wired providers = ProviderWiring.adapters(vertx, in.providers(), clock);
    Breakers breakers =
        new Breakers(vertx, providers.byName(), config.breakers(), metrics, state.breakers());
    DeliveryQuality quality = new DeliveryQuality();
    this.volumes = new VolumeTracker(vertx, state.volumes(), clock);
    DeliveryService delivery =
        new DeliveryService(
            providers.byName(),
            breakers,
            metrics,
            clock,
            publicBaseUrl,
            state.receiptIndex(),
            volumes);
    this.timers = new DurableTimers(vertx, clock);
    CallbackTargetPolicy callbackTargets = new CallbackTargetPolicy(config.simulatorOn());
    this.tenants =
        new TenantService(
            state.tenants(),
            new TenantFiles(vertx.fileSystem(), config.dataDir()),
            clock,
            callbackTargets);

    this.ledger =
        new Ledger(
            vertx,
            ledgerStore(config),
            Secrets.ledgerWriter(config),
            LedgerSigner.fromSeed(Secrets.ledgerSigningKey(config)),
            new NumberHasher(in.otpSecret()),
            metrics,
            clock,
            config.ledger().syncEvery());
    ledger.rulesInForce(in.rules().current().rules());
    in.rules().onInstall(ledger::rulesInForce);
    StatusCallbacks callbacks =
        new StatusCallbacks(
            vertx,
            tenants,
            clock,
            new CallbackClient(vertx, callbackTargets, CallbackClient.systemResolver(vertx)));
    this.budgets = new Budgets(vertx, state.spend(), tenants, metrics, clock);
    this.conversions = new ConversionTracker(vertx, state.conversions(), clock);
    this.fraudCounters = new FraudCounters(vertx, state.fraudCounters(), clock);
    EventStream events =
        new EventStream(
            ledger,
            List.of(new EventMetrics(metrics), callbacks, budgets, conversions, fraudCounters));
    FraudGuard fraudGuard =
        new FraudGuard(
            fraudCounters, new FraudSignals(FraudSignals.Thresholds.DEFAULT), metrics, clock);
    budgets.publishTo(events);
    this.records =
        new VerificationRecords(vertx, state.verifications(), events, state.membership(), clock);
    this.sweeper =
        new VerificationSweeper(
            vertx, state.verifications(), records, timers, state.membership(), clock);
    this.destinationSweeper = new DestinationSweeper(vertx, state.destinations());

    Codes codes = new Codes(new CodeHasher(keys), new CodeSealer(keys));
    HeapBudget heapBudget = new HeapBudget(config.heapBudgetPercent());
    Predicate<String> overBudget = tenant -> heapBudget.getAsBoolean();
    StartPacing pacing =
        config.startPacing()
            ? new StartPacing(
                heapBudget.budgetBytes(),
                heapBudget::usedAfterCollection,
                (int) (config.retention().toSeconds() + TenantLimits.DEFAULTS.codeTtlSeconds()))
            : null;
    // Once a second, off the event loop (Hazelcast's local statistics wait while partitions move):
    // the records held, for the operators, and the pace.
    AtomicBoolean measuring = new AtomicBoolean();
    long measureTimer =
        vertx.setPeriodic(
            1_000,
            t -> {
              if (measuring.compareAndSet(false, true)) {
                vertx
                    .executeBlocking(
                        () -> {
                          ClusterState.StateSize size = state.stateSize();
                          metrics.stateRecords(
                              "verifications", size.verifications(), size.verificationBytes());
                          metrics.stateRecords(
                              "destinations", size.destinations(), size.destinationBytes());
                          if (pacing != null) {
                            pacing.update(clock.millis(), size.verifications());
                            metrics.admissionPace(pacing.pace());
                          }
                          return null;
                        },
                        false)
                    .onComplete(done -> measuring.set(false));
              }
            });
    if (pacing != null) {
      // The heap gate first: a start it refuses takes none of the pace.
      overBudget = tenant -> heapBudget.getAsBoolean() || !pacing.tryAdmit(tenant, clock.millis());
    }
    this.admission = new Admission(overBudget, ledger::lagMillis, metrics::admissionRefused);
    CodeSender sender = new CodeSender(records, delivery, timers, codes, admission, clock);
    RoutePlanner planner =
        new RoutePlanner(
            in.rules(),
            () -> HealthSnapshot.of(providers.byName().keySet(), breakers, quality),
            volumes::current,
            config.routing().conversions() ? conversions::current : () -> Conversions.OFF,
            exploration(config.routing()),
            providers.byName().keySet(),
            providers.rcs(),
            breakers);
    VerificationStarter starter =
        new VerificationStarter(
            records,
            state.destinations(),
            planner,
            sender,
            timers,
            codes,
            admission,
            new StartChecks(
                new TenantRateLimiter(clock, shares),
                budgets,
                fraudGuard,
                new SimSwapGuard(simSwapLookup(providers), metrics, clock),
                config.simSwapLookupPriceUsd(),
                clock),
            tenants,
            clock,
            config.retention());
    VerificationService verifications = new VerificationService(records, timers, codes, clock);
    DeliveryFollowUp followUp =
        new DeliveryFollowUp(
            vertx,
            records,
            delivery,
            quality,
            planner,
            sender,
            timers,
            tenants,
            state.membership(),
            clock);
    this.parts =
        new HttpApi.Parts(
            starter,
            verifications,
            delivery,
            followUp,
            publicBaseUrl,
            in.rules(),
            new IdempotentStarts(state.idempotency()),
            tenants,
            ledger.store(),
            ApiKeys.sha256Hex(in.adminKey()),
            metrics,
            in.openApi(),
            () -> ready.getAsBoolean() && state.running(),
            in.simulator() == null ? null : in.simulator().controlRouter(),
            new TenantRateLimiter(clock, shares),
            fraudGuard,
            clock);
    this.closers =
        List.of(
            () -> vertx.cancelTimer(measureTimer),
            heapBudget::close,
            providers::close,
            breakers::close,
            callbacks::close,
            ledger::close);
  }

  /**
   * A fresh exploration for each decision: the configured share, and a seed drawn from one
   * generator seeded once (from the configuration, or at random), so a seeded run explores alike.
   */
  private static Supplier<Exploration> exploration(GatewayConfig.RoutingSettings routing) {
    Random seeds =
        new Random(
            routing.explorationSeed() != 0
                ? routing.explorationSeed()
                : new SecureRandom().nextLong());
    double share = routing.conversions() ? routing.explorationShare() : 0;
    return () -> new Exploration(share, seeds.nextLong());
  }

  /** SIM-swap look-ups through Twilio, when Twilio is configured; else none. */
  private static SimSwapLookup simSwapLookup(ProviderWiring.Wired providers) {
    if (!(providers.byName().get(TwilioProvider.NAME) instanceof TwilioProvider twilio)) {
      return null;
    }
    return e164 ->
        twilio
            .lastSimSwap(e164)
            .map(a -> new SimSwapLookup.LastSwap(a.swappedAt(), a.period(), a.swappedInPeriod()));
  }

  private static LedgerStore ledgerStore(GatewayConfig config) {
    return config.ledger().files()
        ? new FileLedgerStore(config.dataDir().resolve("ledger"))
        : new PostgresLedgerStore(config.ledger().postgresUrl());
  }

  /**
   * Closes in reverse order of need: providers first, the ledger (which writes what is queued)
   * last.
   */
  void close() {
    closers.forEach(Runnable::run);
  }
}
