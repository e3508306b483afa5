package dev.otpgateway.verification;

import dev.otpgateway.abuse.FraudCounters;
import dev.otpgateway.abuse.FraudGuard;
import dev.otpgateway.abuse.FraudSignals;
import dev.otpgateway.abuse.SimSwapGuard;
import dev.otpgateway.abuse.TenantRateLimiter;
import dev.otpgateway.delivery.BreakerBus;
import dev.otpgateway.delivery.BreakerSettings;
import dev.otpgateway.delivery.Breakers;
import dev.otpgateway.delivery.DeliveryQuality;
import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.delivery.HealthSnapshot;
import dev.otpgateway.delivery.ReceiptIndex;
import dev.otpgateway.delivery.VolumeTracker;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventStream;
import dev.otpgateway.ledger.Budgets;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.CodeSealer;
import dev.otpgateway.otp.OtpKeys;
import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.ReceiptVerifier;
import dev.otpgateway.routing.Conversions;
import dev.otpgateway.routing.Exploration;
import dev.otpgateway.tenancy.CallbackTargetPolicy;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantFiles;
import dev.otpgateway.tenancy.TenantFraud;
import dev.otpgateway.tenancy.TenantLimits;
import dev.otpgateway.tenancy.TenantService;
import dev.otpgateway.tenancy.TenantSimSwap;
import dev.otpgateway.tenancy.TenantStore;
import dev.otpgateway.tenancy.TenantStore.TenantChange;
import dev.otpgateway.testing.MutableClock;
import dev.otpgateway.testing.TestGateway;
import dev.otpgateway.verification.DestinationStore.Reservation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The verification package wired as a member wires it, over in-memory stores and scripted
 * providers, on a clock the test moves: the lifecycle rules run here without Hazelcast, HTTP or a
 * simulator. The stores keep each record encoded, as the cluster does, and run each change as one
 * step, as its entry processors do.
 */
final class Lifecycle implements AutoCloseable {
  static final String TENANT = "acme";

  final Vertx vertx = Vertx.vertx();
  final MutableClock clock = MutableClock.now();
  final Metrics metrics = new Metrics();
  final List<Event> ledger = new CopyOnWriteArrayList<>();
  private final Set<String> ledgerIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
  final Map<String, ScriptedProvider> providers = new LinkedHashMap<>();
  final Verifications store = new Verifications(clock);
  final DurableTimers timers = new DurableTimers(vertx, clock);
  final VerificationRecords records;
  final VerificationStarter starter;
  final VerificationService service;
  final DeliveryFollowUp followUp;

  Lifecycle() {
    this(List.of("twilio", "sinch", "messagebird"));
  }

  /**
   * @param configured the providers with an adapter; the shipped rules also name others
   */
  Lifecycle(List<String> configured) {
    for (String name : configured) {
      providers.put(name, new ScriptedProvider(name));
    }
    Map<String, Provider> byName = new LinkedHashMap<>(providers);
    Breakers breakers =
        new Breakers(
            vertx,
            byName,
            new BreakerSettings(5, Duration.ofSeconds(10), Duration.ofSeconds(10)),
            metrics,
            new NoBus());
    DeliveryQuality quality = new DeliveryQuality();
    VolumeTracker volumes =
        new VolumeTracker(vertx, (month, deltas) -> Future.succeededFuture(Map.of()), clock);
    DeliveryService delivery =
        new DeliveryService(
            byName, breakers, metrics, clock, "http://127.0.0.1:9", new NoIndex(), volumes);
    TenantService tenants =
        new TenantService(
            new OneTenant(tenant()),
            new TenantFiles(vertx.fileSystem(), TestGateway.tempDir()),
            clock,
            new CallbackTargetPolicy(true));
    EventStream events =
        new EventStream(
            (batch, recorded) -> {
              // As the ledger does: each event once, and only what is new handed on.
              List<Event> firstTime = batch.stream().filter(e -> ledgerIds.add(e.id())).toList();
              ledger.addAll(firstTime);
              recorded.accept(firstTime);
              return Future.succeededFuture();
            },
            List.of(new EventMetrics(metrics)));
    records = new VerificationRecords(vertx, store, events, new OneMember(), clock);
    OtpKeys keys = OtpKeys.derive(new byte[32]);
    Codes codes = new Codes(new CodeHasher(keys), new CodeSealer(keys));
    Admission admission = new Admission(tenant -> false, () -> 0, reason -> {});
    CodeSender sender = new CodeSender(records, delivery, timers, codes, admission, clock);
    RoutePlanner planner =
        new RoutePlanner(
            new RulesInForce(vertx, Path.of("routing-rules"), metrics, clock),
            () -> HealthSnapshot.of(byName.keySet(), breakers, quality),
            volumes::current,
            () -> Conversions.OFF,
            () -> new Exploration(0, 1),
            byName.keySet(),
            null,
            breakers);
    StartChecks checks =
        new StartChecks(
            new TenantRateLimiter(clock, () -> 1),
            new Budgets(vertx, new NoSpend(), tenants, metrics, clock),
            new FraudGuard(
                new FraudCounters(vertx, additions -> Future.succeededFuture(Map.of()), clock),
                new FraudSignals(FraudSignals.Thresholds.DEFAULT),
                metrics,
                clock),
            new SimSwapGuard(null, metrics, clock),
            BigDecimal.ZERO,
            clock);
    Destinations destinations = new Destinations(clock);
    starter =
        new VerificationStarter(
            records,
            destinations,
            planner,
            sender,
            timers,
            codes,
            admission,
            checks,
            tenants,
            clock,
            Duration.ofMinutes(5));
    service = new VerificationService(records, timers, codes, clock);
    followUp =
        new DeliveryFollowUp(
            vertx,
            records,
            delivery,
            quality,
            planner,
            sender,
            timers,
            tenants,
            new OneMember(),
            clock);
  }

  static Tenant tenant() {
    return tenant(new TenantFraud(TenantFraud.Mode.OFF, List.of(), false));
  }

  static Tenant tenant(TenantFraud fraud) {
    return new Tenant(
        TENANT,
        "Acme",
        "0".repeat(64),
        null,
        new TenantLimits(3, 1000, 6, 300),
        Map.of(),
        null,
        null,
        null,
        fraud,
        TenantSimSwap.DEFAULT,
        false,
        0,
        0);
  }

  /** The event types the ledger received for a verification, in order. */
  List<String> ledgerOf(String id) {
    List<String> types = new ArrayList<>();
    for (Event e : ledger) {
      if (id.equals(e.verification())) {
        types.add(e.type().wireName());
      }
    }
    return types;
  }

  @Override
  public void close() {
    vertx.close();
  }

  /** A provider that accepts every message, or refuses while told to, and keeps what it took. */
  static final class ScriptedProvider implements Provider {
    private final String name;
    final List<OutboundMessage> taken = new CopyOnWriteArrayList<>();
    volatile boolean refusing;

    ScriptedProvider(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Future<Accepted> send(OutboundMessage message) {
      if (refusing) {
        return Future.failedFuture(
            new dev.otpgateway.providers.ProviderException(
                name,
                dev.otpgateway.providers.FailureKind.RETRYABLE,
                503,
                "server_error",
                "answered 503"));
      }
      taken.add(message);
      return Future.succeededFuture(new Accepted(name + "-" + taken.size(), 1));
    }

    /** As the contract says: the message taken under this reference, or RETRYABLE when none. */
    @Override
    public Future<Accepted> lookup(OutboundMessage message) {
      for (int i = 0; i < taken.size(); i++) {
        if (taken.get(i).reference().equals(message.reference())) {
          return Future.succeededFuture(new Accepted(name + "-" + (i + 1), 1));
        }
      }
      return Future.failedFuture(
          new dev.otpgateway.providers.ProviderException(
              name,
              dev.otpgateway.providers.FailureKind.RETRYABLE,
              404,
              "not_found",
              "no message under this reference"));
    }

    @Override
    public ReceiptVerifier receipts() {
      return null;
    }

    /** The code in the last message this provider took. */
    String lastCode() {
      return TestGateway.codeIn(taken.get(taken.size() - 1).body(), 6);
    }
  }

  /** The verification map: encoded records, each change one step on its record. */
  static final class Verifications implements VerificationStore {
    final Map<String, byte[]> records = new HashMap<>();
    private final String self = "member-1";
    private final java.time.Clock clock;

    Verifications(java.time.Clock clock) {
      this.clock = clock;
    }

    /**
     * How many of the next changes (of {@link #unconfirmedKind}, or of any kind when null) are kept
     * but reported unconfirmed, as a cluster answers a write whose backup never confirmed it.
     */
    int unconfirmed;

    Class<?> unconfirmedKind;

    /** How many of the next creations are kept but reported unconfirmed. */
    int unconfirmedCreates;

    @Override
    public synchronized Future<List<Event>> create(Verification v) {
      List<Event> emitted = v.stampUnpublished(self, v.createdAt());
      records.put(v.id(), VerificationCodec.encode(v));
      if (unconfirmedCreates > 0) {
        unconfirmedCreates--;
        return Future.failedFuture(
            GatewayException.unavailable("cluster_unavailable", "the backup did not confirm", 1));
      }
      return Future.succeededFuture(emitted);
    }

    @Override
    public synchronized Future<Verification> get(String id) {
      byte[] stored = records.get(id);
      Verification v = stored == null ? null : VerificationCodec.decode(id, stored);
      return Future.succeededFuture(v == null || v.gone(clock.millis()) ? null : v);
    }

    @Override
    public synchronized <R> Future<Updated<R>> update(
        String id, String tenantId, Transition<R> transition) {
      byte[] stored = records.get(id);
      if (stored == null) {
        return Future.succeededFuture(null);
      }
      Verification v = VerificationCodec.decode(id, stored);
      if (v.gone(transition.now())) {
        records.remove(id);
        return Future.succeededFuture(null);
      }
      if (tenantId != null && !tenantId.equals(v.tenantId())) {
        return Future.succeededFuture(null);
      }
      R result = transition.apply(v);
      List<Event> emitted = v.stampUnpublished(self, transition.now());
      records.put(id, VerificationCodec.encode(v));
      if (unconfirmed > 0 && (unconfirmedKind == null || unconfirmedKind.isInstance(transition))) {
        unconfirmed--;
        return Future.failedFuture(
            GatewayException.unavailable("cluster_unavailable", "the backup did not confirm", 1));
      }
      return Future.succeededFuture(new Updated<>(result, v, emitted));
    }

    @Override
    public synchronized Future<Void> dropWritten(Map<String, Long> numbersById) {
      numbersById.forEach(
          (id, numbers) -> {
            byte[] stored = records.get(id);
            if (stored != null) {
              Verification v = VerificationCodec.decode(id, stored);
              v.dropWritten(numbers);
              records.put(id, VerificationCodec.encode(v));
            }
          });
      return Future.succeededFuture();
    }

    @Override
    public List<Due> dueLocally(Set<String> members, long until, int max) {
      return List.of();
    }

    @Override
    public Set<String> holdingOrphanedEvents(Set<String> members, long now) {
      return Set.of();
    }
  }

  /** The destination map: a number's sends in the last hour and its live verification. */
  static final class Destinations implements DestinationStore {
    private final java.time.Clock clock;
    private final Map<String, List<Long>> sends = new HashMap<>();
    private final Map<String, String[]> live = new HashMap<>();
    private final Map<String, Long> liveUntil = new HashMap<>();

    Destinations(java.time.Clock clock) {
      this.clock = clock;
    }

    @Override
    public synchronized Future<Reservation> reserve(
        String tenantId, String e164, ReservationRequest r) {
      String key = tenantId + "|" + e164;
      List<Long> window = sends.computeIfAbsent(key, k -> new ArrayList<>());
      window.removeIf(at -> at <= r.now() - RATE_WINDOW_MILLIS);
      if (window.size() >= r.limit()) {
        return Future.succeededFuture(
            new Reservation(
                Reservation.Kind.RATE_LIMITED, null, window.get(0) + RATE_WINDOW_MILLIS - r.now()));
      }
      window.add(r.now());
      String[] current = live.get(key);
      if (current != null
          && liveUntil.get(key) > r.now()
          && java.util.Objects.equals(current[1], r.binding())) {
        return Future.succeededFuture(new Reservation(Reservation.Kind.RESEND, current[0], 0));
      }
      live.put(key, new String[] {r.newId(), r.binding()});
      liveUntil.put(key, r.expiresAt());
      return Future.succeededFuture(new Reservation(Reservation.Kind.CREATE, r.newId(), 0));
    }

    @Override
    public synchronized Future<Void> supersede(
        String tenantId, String e164, String oldId, String newId, long expiresAt, String binding) {
      String key = tenantId + "|" + e164;
      String[] current = live.get(key);
      long now = clock.millis();
      if (current == null || current[0].equals(oldId) || liveUntil.get(key) <= now) {
        live.put(key, new String[] {newId, binding});
        liveUntil.put(key, expiresAt);
      }
      return Future.succeededFuture();
    }

    @Override
    public int removeEndedLocally() {
      return 0; // a test's few records may stay
    }
  }

  private static final class OneTenant implements TenantStore {
    private final Tenant tenant;

    OneTenant(Tenant tenant) {
      this.tenant = tenant;
    }

    @Override
    public Future<Tenant> byId(String id) {
      return Future.succeededFuture(tenant.id().equals(id) ? tenant : null);
    }

    @Override
    public Future<Tenant> byKeyHash(String keySha256) {
      return Future.succeededFuture(null);
    }

    @Override
    public Future<Boolean> insert(Tenant t) {
      return Future.succeededFuture(false);
    }

    @Override
    public Future<Void> replace(Tenant previous, Tenant next) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Tenant> delete(String id) {
      return Future.succeededFuture(null);
    }

    @Override
    public Future<List<Tenant>> all() {
      return Future.succeededFuture(List.of(tenant));
    }

    @Override
    public void onChange(Consumer<TenantChange> listener) {}
  }

  private static final class NoBus implements BreakerBus {
    @Override
    public void publish(Change change) {}

    @Override
    public void subscribe(Consumer<Change> listener) {}
  }

  private static final class NoIndex implements ReceiptIndex {
    @Override
    public Future<Void> remember(
        String provider, String providerMessageId, String reference, long keepUntilMillis) {
      return Future.succeededFuture();
    }

    @Override
    public Future<String> reference(String provider, String providerMessageId) {
      return Future.succeededFuture(null);
    }
  }

  private static final class NoSpend implements dev.otpgateway.ledger.SpendStore {
    @Override
    public Future<Spend> add(String tenant, String month, BigDecimal usd, List<BigDecimal> t) {
      return Future.succeededFuture(new Spend(usd, List.of()));
    }

    @Override
    public Future<Void> seed(String tenant, String month, BigDecimal usd, List<BigDecimal> t) {
      return Future.succeededFuture();
    }
  }

  private static final class OneMember implements Membership {
    @Override
    public String self() {
      return "member-1";
    }

    @Override
    public Set<String> current() {
      return Set.of("member-1");
    }

    @Override
    public void onMemberLeft(Runnable action) {}

    @Override
    public void onMemberJoined(Runnable action) {}
  }
}
