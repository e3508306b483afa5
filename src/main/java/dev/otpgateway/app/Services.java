package dev.otpgateway.app;

import dev.otpgateway.abuse.TenantRateLimiter;
import dev.otpgateway.api.HttpApi;
import dev.otpgateway.cluster.ClusterState;
import dev.otpgateway.delivery.Breakers;
import dev.otpgateway.delivery.DeliveryQuality;
import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.delivery.HealthSnapshot;
import dev.otpgateway.delivery.VolumeTracker;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.CodeSealer;
import dev.otpgateway.otp.OtpKeys;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.tenancy.ApiKeys;
import dev.otpgateway.tenancy.CallbackClient;
import dev.otpgateway.tenancy.CallbackTargetPolicy;
import dev.otpgateway.tenancy.TenantFiles;
import dev.otpgateway.tenancy.TenantService;
import dev.otpgateway.verification.CodeSender;
import dev.otpgateway.verification.DeliveryFollowUp;
import dev.otpgateway.verification.DurableTimers;
import dev.otpgateway.verification.RoutingPlanner;
import dev.otpgateway.verification.RulesInForce;
import dev.otpgateway.verification.StatusCallbacks;
import dev.otpgateway.verification.VerificationService;
import dev.otpgateway.verification.VerificationStarter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Every collaborator of one node, constructed together. Built on a worker thread: constructing them
 * loads and initialises many classes (provider SDKs, HTTP clients, routers), which must not stall
 * an event loop.
 */
final class Services {
  final TenantService tenants;
  final DurableTimers timers;
  final VolumeTracker volumes;
  final HttpApi.Parts parts;
  private final List<Runnable> closers;

  /** What start-up read from disk, and the shared state. */
  record Inputs(
      ClusterState state,
      Metrics metrics,
      OtpKeys keys,
      RulesInForce rules,
      Buffer openApi,
      ProviderSettings providers,
      ProviderSimulator simulator,
      String adminKey) {}

  Services(Vertx vertx, GatewayConfig config, Clock clock, Inputs in, BooleanSupplier ready) {
    ClusterState state = in.state();
    Metrics metrics = in.metrics();
    String publicBaseUrl = config.resolvedPublicBaseUrl(config.httpPort());
    ProviderWiring.Wired providers = ProviderWiring.adapters(vertx, in.providers(), clock);
    Breakers breakers =
        new Breakers(vertx, providers.byName().keySet(), config.breakers(), metrics);
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
    this.timers = new DurableTimers(vertx, state.timers(), clock, Duration.ofSeconds(1));
    CodeSealer sealer = new CodeSealer(in.keys());
    CallbackTargetPolicy callbackTargets = new CallbackTargetPolicy(config.simulatorOn());
    StatusCallbacks callbacks =
        new StatusCallbacks(
            vertx,
            clock,
            new CallbackClient(vertx, callbackTargets, CallbackClient.systemResolver(vertx)));
    CodeSender sender =
        new CodeSender(state.verifications(), delivery, timers, sealer, metrics, callbacks, clock);
    RoutingPlanner planner =
        new RoutingPlanner(
            in.rules(),
            () -> HealthSnapshot.of(providers.byName().keySet(), breakers, quality),
            volumes::current,
            providers.byName().keySet(),
            providers.rcs());
    this.tenants =
        new TenantService(
            state.tenants(),
            new TenantFiles(vertx.fileSystem(), config.dataDir()),
            clock,
            callbackTargets);
    CodeHasher hasher = new CodeHasher(in.keys());
    VerificationStarter starter =
        new VerificationStarter(
            state.verifications(),
            state.destinations(),
            planner,
            sender,
            timers,
            hasher,
            sealer,
            new TenantRateLimiter(clock, state::memberCount),
            tenants,
            metrics,
            callbacks,
            clock,
            config.retention());
    VerificationService verifications =
        new VerificationService(
            state.verifications(), starter, planner, timers, hasher, metrics, callbacks, clock);
    DeliveryFollowUp followUp =
        new DeliveryFollowUp(
            vertx,
            state.verifications(),
            delivery,
            quality,
            planner,
            sender,
            timers,
            tenants,
            metrics,
            callbacks,
            clock);
    this.parts =
        new HttpApi.Parts(
            verifications,
            delivery,
            followUp,
            publicBaseUrl,
            in.rules(),
            state.idempotency(),
            tenants,
            ApiKeys.sha256Hex(in.adminKey()),
            metrics,
            in.openApi(),
            () -> ready.getAsBoolean() && state.running(),
            in.simulator() == null ? null : in.simulator().controlRouter(),
            new TenantRateLimiter(clock, state::memberCount),
            clock);
    this.closers = List.of(providers::close, breakers::close, callbacks::close);
  }

  void close() {
    closers.forEach(Runnable::run);
  }
}
