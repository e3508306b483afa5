package dev.otpgateway.verification;

import dev.otpgateway.abuse.TenantRateLimiter;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.otp.CodeGenerator;
import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.CodeSealer;
import dev.otpgateway.otp.Segments;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantService;
import dev.otpgateway.verification.DestinationStore.Reservation;
import dev.otpgateway.verification.DestinationStore.ReservationRequest;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts verifications: the tenant's rate, its countries, the route and its compliance refusals,
 * the per-number limit, then a new code, or the live one resent, or a code held while a push may
 * still be acknowledged.
 */
public final class VerificationStarter {
  private static final Logger LOG = Logger.getLogger(VerificationStarter.class.getName());

  /** Timers that send a held code when no push acknowledgement came in time. */
  public static final String PUSH_TIMER = "push";

  /** Timers that resend a live code held for a new push acknowledgement (a pending restart). */
  public static final String PUSH_RESEND_TIMER = "push-resend";

  private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final VerificationStore store;
  private final DestinationStore destinations;
  private final RoutePlanner planner;
  private final CodeSender sender;
  private final DurableTimers timers;
  private final CodeGenerator codes = new CodeGenerator();
  private final CodeHasher hasher;
  private final CodeSealer sealer;
  private final TenantRateLimiter tenantLimiter;
  private final TenantService tenants;
  private final Metrics metrics;
  private final StatusCallbacks callbacks;
  private final Clock clock;
  private final Duration retention;

  public VerificationStarter(
      VerificationStore store,
      DestinationStore destinations,
      RoutePlanner planner,
      CodeSender sender,
      DurableTimers timers,
      CodeHasher hasher,
      CodeSealer sealer,
      TenantRateLimiter tenantLimiter,
      TenantService tenants,
      Metrics metrics,
      StatusCallbacks callbacks,
      Clock clock,
      Duration retention) {
    this.store = store;
    this.destinations = destinations;
    this.planner = planner;
    this.sender = sender;
    this.timers = timers;
    this.hasher = hasher;
    this.sealer = sealer;
    this.tenantLimiter = tenantLimiter;
    this.tenants = tenants;
    this.metrics = metrics;
    this.callbacks = callbacks;
    this.clock = clock;
    this.retention = retention;
    timers.on(PUSH_TIMER, id -> pushTimedOut(id, "initial", "sent"));
    timers.on(PUSH_RESEND_TIMER, id -> pushTimedOut(id, "resend", "resent"));
  }

  /**
   * A started verification; {@code pendingPush} when the code is held for a push acknowledgement.
   */
  public record Started(Verification verification, boolean pendingPush) {}

  Future<Started> start(Tenant tenant, StartCommand command) {
    long wait = tenantLimiter.acquire(tenant.id(), tenant.limits().requestsPerSecond());
    if (wait > 0) {
      metrics.rateLimited("tenant");
      return Future.failedFuture(
          GatewayException.rateLimited(
              "tenant_rate_limited",
              "tenant '"
                  + tenant.id()
                  + "' may start "
                  + tenant.limits().requestsPerSecond()
                  + " verifications per second",
              (wait + 999) / 1000));
    }
    String country = command.destination().country();
    if (!tenant.allowsCountry(country)) {
      metrics.verification(tenant.id(), "none", "refused");
      return Future.failedFuture(
          GatewayException.of(
              Kind.FORBIDDEN,
              "country_not_permitted",
              "tenant '"
                  + tenant.id()
                  + "' may not send codes to "
                  + country
                  + "; allowed: "
                  + tenant.allowedCountries()));
    }
    int segments = Segments.count(sampleBody(tenant, command)).segments();
    return planner
        .plan(planRequest(tenant, command, segments, Set.of()))
        .compose(
            plan -> {
              if (plan.refused()) {
                metrics.verification(tenant.id(), plan.region(), "refused");
                return Future.failedFuture(
                    GatewayException.of(Kind.UNPROCESSABLE, plan.refusal(), plan.refusalDetail())
                        .with(
                            java.util.Map.of(
                                "region", plan.region(), "rules_version", plan.rulesVersion())));
              }
              return reserveAndSend(tenant, command, plan);
            });
  }

  private Future<Started> reserveAndSend(Tenant tenant, StartCommand command, RoutePlan plan) {
    long now = clock.millis();
    long pushDeadline = command.pushPending() ? now + command.ackTimeoutMillis() : 0;
    long expiresAt =
        (command.pushPending() ? pushDeadline : now) + tenant.limits().codeTtlSeconds() * 1000L;
    String newId = newId();
    ReservationRequest reservation =
        new ReservationRequest(
            newId, now, expiresAt, command.binding(), tenant.limits().perDestinationPerHour());
    String e164 = command.destination().e164();
    return destinations
        .reserve(tenant.id(), e164, reservation)
        .compose(
            r ->
                switch (r.kind()) {
                  case RATE_LIMITED -> rateLimited(tenant, plan, r);
                  case CREATE -> create(tenant, command, plan, newId, now, pushDeadline, expiresAt);
                  case RESEND ->
                      resend(tenant, command, plan, r.verificationId())
                          .recover(
                              gone ->
                                  gone instanceof Superseded
                                      ? destinations
                                          .supersede(
                                              tenant.id(),
                                              e164,
                                              r.verificationId(),
                                              newId,
                                              expiresAt,
                                              command.binding())
                                          .compose(
                                              v ->
                                                  create(
                                                      tenant,
                                                      command,
                                                      plan,
                                                      newId,
                                                      now,
                                                      pushDeadline,
                                                      expiresAt))
                                      : Future.failedFuture(gone));
                });
  }

  private Future<Started> rateLimited(Tenant tenant, RoutePlan plan, Reservation r) {
    metrics.rateLimited("destination");
    metrics.verification(tenant.id(), plan.region(), "rate_limited");
    return Future.failedFuture(
        GatewayException.rateLimited(
            "destination_rate_limited",
            "this number has had "
                + tenant.limits().perDestinationPerHour()
                + " codes in the last hour; try again later",
            (r.retryAfterMillis() + 999) / 1000));
  }

  private Future<Started> create(
      Tenant tenant,
      StartCommand command,
      RoutePlan plan,
      String id,
      long now,
      long pushDeadline,
      long expiresAt) {
    String code = codes.next(tenant.limits().codeLength());
    boolean held = command.pushPending();
    int slots = plan.candidates().size();
    Verification v =
        new Verification(
            id,
            tenant.id(),
            command.destination().e164(),
            command.destination().country(),
            hasher.hash(id, code, command.binding()),
            sealer.seal(id, code),
            now,
            expiresAt,
            request(command),
            held ? VerificationStatus.PENDING_PUSH : VerificationStatus.SENDING,
            null,
            0,
            0,
            held ? 0 : 1,
            pushDeadline,
            held ? 1 : 1 + Math.max(1, slots),
            null,
            List.of());
    Future<Void> stored = store.create(v, expiresAt + retention.toMillis());
    if (held) {
      return stored
          .compose(x -> timers.arm(PUSH_TIMER, id, pushDeadline))
          .map(
              x -> {
                metrics.verification(tenant.id(), plan.region(), "pending_push");
                callbacks.changed(tenant, v, "pending_push");
                return new Started(v, true);
              });
    }
    return stored
        .compose(x -> sent(tenant, plan, "sent", sender.send(tenant, v, code, plan, 1, "initial")))
        .map(sent -> new Started(sent, false));
  }

  /** A live code for this number exists: send it again under the same id. */
  private Future<Started> resend(Tenant tenant, StartCommand command, RoutePlan plan, String id) {
    return store
        .get(id)
        .compose(
            v -> {
              long now = clock.millis();
              if (v == null || !v.status().isLive() || now >= v.expiresAt()) {
                return Future.failedFuture(new Superseded());
              }
              if (v.status() == VerificationStatus.PENDING_PUSH) {
                if (command.pushPending()) {
                  return Future.succeededFuture(new Started(v, true));
                }
                // Push failed after all: send now rather than waiting out the timer.
                return timers
                    .disarm(PUSH_TIMER, id)
                    .compose(
                        claimed ->
                            claimed
                                ? sendExisting(tenant, v, plan, "initial", "sent")
                                : store.get(id))
                    .map(sent -> new Started(sent, false));
              }
              if (command.pushPending()) {
                // The app waits for a push again: hold the resend for its acknowledgement as a
                // fresh pending start holds its first send; a cancel meanwhile sends nothing.
                return timers
                    .arm(PUSH_RESEND_TIMER, id, now + command.ackTimeoutMillis())
                    .map(x -> new Started(v, true));
              }
              return timers
                  .disarm(PUSH_RESEND_TIMER, id)
                  .compose(x -> sendExisting(tenant, v, plan, "resend", "resent"))
                  .map(sent -> new Started(sent, false));
            });
  }

  private Future<Verification> sendExisting(
      Tenant tenant, Verification v, RoutePlan plan, String trigger, String outcome) {
    return store
        .update(
            v.id(), null, new Transition.BeginSend(clock.millis(), plan.candidates().size(), true))
        .compose(
            begun -> {
              if (begun == null || begun.result() == 0) {
                return Future.failedFuture(new Superseded());
              }
              String code = sender.code(begun.verification());
              return sent(
                  tenant,
                  plan,
                  outcome,
                  sender.send(tenant, begun.verification(), code, plan, begun.result(), trigger));
            });
  }

  private Future<Verification> sent(
      Tenant tenant, RoutePlan plan, String outcome, Future<Verification> sending) {
    return sending.andThen(
        ar ->
            metrics.verification(tenant.id(), plan.region(), ar.succeeded() ? outcome : "failed"));
  }

  /**
   * The push was not acknowledged in time: send the held code (the first send, or the resend of a
   * pending restart). A verification canceled or ended meanwhile sends nothing.
   */
  private void pushTimedOut(String id, String trigger, String outcome) {
    store
        .get(id)
        .compose(
            v -> {
              boolean firstSend = "initial".equals(trigger);
              if (v == null
                  || (firstSend
                      ? v.status() != VerificationStatus.PENDING_PUSH
                      : !v.status().isLive())) {
                return Future.succeededFuture();
              }
              return tenants
                  .get(v.tenantId())
                  .compose(
                      tenant ->
                          planner
                              .plan(planRequest(tenant, v, Set.of()))
                              .compose(plan -> sendExisting(tenant, v, plan, trigger, outcome)));
            })
        .onFailure(
            e -> {
              if (!(e instanceof Superseded)) {
                LOG.log(Level.INFO, "held code of " + id + " not sent: " + e.getMessage());
              }
            });
  }

  /** What routing would decide for this start, without sending or counting anything. */
  Future<dev.otpgateway.routing.RouteDecision> preview(Tenant tenant, StartCommand command) {
    int segments = Segments.count(sampleBody(tenant, command)).segments();
    return planner.decide(planRequest(tenant, command, segments, Set.of()));
  }

  static RoutePlanner.PlanRequest planRequest(Tenant tenant, Verification v, Set<String> exclude) {
    Verification.Request r = v.request();
    String body = CodeSender.render(tenant, v, "0".repeat(tenant.limits().codeLength()));
    return new RoutePlanner.PlanRequest(
        tenant,
        new dev.otpgateway.numbers.Destination(v.to(), v.country()),
        r.risk(),
        r.channel(),
        r.consent(),
        Segments.count(body).segments(),
        exclude);
  }

  private static RoutePlanner.PlanRequest planRequest(
      Tenant tenant, StartCommand c, int segments, Set<String> exclude) {
    return new RoutePlanner.PlanRequest(
        tenant, c.destination(), c.risk(), c.channel(), c.consent(), segments, exclude);
  }

  /**
   * The message with a placeholder code of the right length: its segment count is the real one's.
   */
  private static String sampleBody(Tenant tenant, StartCommand c) {
    return CodeSender.render(
        tenant,
        request(c),
        tenant.limits().codeTtlSeconds() * 1000L,
        "0".repeat(tenant.limits().codeLength()));
  }

  private static Verification.Request request(StartCommand c) {
    return new Verification.Request(
        c.locale(),
        c.appHash(),
        c.webOtpDomain(),
        c.transaction(),
        c.risk(),
        c.channel(),
        c.consent(),
        c.userRef(),
        c.deviceId());
  }

  static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    StringBuilder id = new StringBuilder("ver_");
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        id.append(ID_ALPHABET[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      id.append(ID_ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return id.toString();
  }

  /** The live verification a start found has ended meanwhile: a new one is needed. */
  private static final class Superseded extends RuntimeException {
    Superseded() {
      super(null, null, false, false);
    }
  }
}
