package dev.otpgateway.verification;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.events.Ids;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.routing.RouteDecision;
import dev.otpgateway.sms.Segments;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantService;
import dev.otpgateway.verification.DestinationStore.Reservation;
import dev.otpgateway.verification.DestinationStore.ReservationRequest;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts verifications: the start checks, the route and its compliance refusals, the per-number
 * limit, then a new code, or the live one resent, or a code held while a push may still be
 * acknowledged. Every refusal is recorded as a {@code refused} event before it is answered.
 */
public final class VerificationStarter {
  private static final Logger LOG = Logger.getLogger(VerificationStarter.class.getName());

  /** Timers that send a held code when no push acknowledgement came in time. */
  public static final String PUSH_TIMER = "push";

  /** Timers that resend a live code held for a new push acknowledgement (a pending restart). */
  public static final String PUSH_RESEND_TIMER = "push-resend";

  private final VerificationRecords records;
  private final DestinationStore destinations;
  private final RoutePlanner planner;
  private final CodeSender sender;
  private final DurableTimers timers;
  private final Codes codes;
  private final Admission admission;
  private final StartChecks checks;
  private final TenantService tenants;
  private final Clock clock;
  private final Duration retention;

  public VerificationStarter(
      VerificationRecords records,
      DestinationStore destinations,
      RoutePlanner planner,
      CodeSender sender,
      DurableTimers timers,
      Codes codes,
      Admission admission,
      StartChecks checks,
      TenantService tenants,
      Clock clock,
      Duration retention) {
    this.records = records;
    this.destinations = destinations;
    this.planner = planner;
    this.sender = sender;
    this.timers = timers;
    this.codes = codes;
    this.admission = admission;
    this.checks = checks;
    this.tenants = tenants;
    this.clock = clock;
    this.retention = retention;
    timers.on(PUSH_TIMER, id -> pushTimedOut(id, Verification.Requires.PENDING_PUSH));
    timers.on(PUSH_RESEND_TIMER, id -> pushTimedOut(id, Verification.Requires.HELD_RESEND));
  }

  /**
   * A started verification; {@code pendingPush} when the code is held for a push acknowledgement.
   */
  public record Started(Verification verification, boolean pendingPush) {}

  public Future<Started> start(Tenant tenant, StartCommand command) {
    return admission.start(tenant.id(), () -> admitted(tenant, command));
  }

  private Future<Started> admitted(Tenant tenant, StartCommand command) {
    return checks
        .admit(tenant, command)
        .recover(refused -> refuse(tenant, command, null, refused, Notes.NONE))
        .compose(
            admitted -> {
              Notes notes = new Notes(admitted.notes());
              return planAndSend(tenant, command, notes)
                  .recover(
                      failure -> {
                        List<Event> left = notes.take();
                        return left.isEmpty()
                            ? Future.failedFuture(failure)
                            : records.publish(left).transform(done -> Future.failedFuture(failure));
                      });
            });
  }

  private Future<Started> planAndSend(Tenant tenant, StartCommand command, Notes notes) {
    return planner
        .plan(planRequest(tenant, command, Set.of()))
        .compose(
            plan ->
                plan.refused()
                    ? refuse(
                        tenant,
                        command,
                        plan,
                        GatewayException.of(
                                Kind.UNPROCESSABLE, plan.refusal(), plan.refusalDetail())
                            .with(
                                Map.of(
                                    "region", plan.region(), "rules_version", plan.rulesVersion())),
                        notes)
                    : reserveAndSend(tenant, command, plan, notes));
  }

  /**
   * What a start's checks put on record besides it (a fraud flag, a SIM-swap look-up), published
   * once: with the start's first event (its verification's start, or its refusal), so that it costs
   * no ledger write and wait of its own, or alone when the start ends another way.
   */
  private static final class Notes {
    static final Notes NONE = new Notes(List.of());

    private final List<Event> events;
    private final AtomicBoolean taken = new AtomicBoolean();

    Notes(List<Event> events) {
      this.events = events;
    }

    /** The notes, to publish with an event; none when they were taken already. */
    List<Event> take() {
      return events.isEmpty() || taken.getAndSet(true) ? List.of() : events;
    }
  }

  /** What routing would decide for this start, without sending or counting anything. */
  public Future<RouteDecision> preview(Tenant tenant, StartCommand command) {
    return planner.decide(planRequest(tenant, command, Set.of()));
  }

  /** Providers with an adapter, for previews that show which candidates could really be used. */
  public Set<String> availableProviders() {
    return planner.available();
  }

  /**
   * Records a refused start in the ledger (with what else its checks put on record), then fails
   * with the refusal. A failure that is not a refusal (our own fault) is passed on as it is.
   */
  private <T> Future<T> refuse(
      Tenant tenant, StartCommand command, RoutePlan plan, Throwable failure, Notes notes) {
    StartChecks.Refusal refusal =
        failure instanceof StartChecks.Refusal r
            ? r
            : failure instanceof GatewayException problem && problem.kind().status < 500
                ? new StartChecks.Refusal(problem, EventType.REFUSED, Map.of(), List.of())
                : null;
    if (refusal == null) {
      return Future.failedFuture(failure);
    }
    Destination to = command.destination();
    Event.Builder event =
        Event.builder(
                Ids.mint(refusal.type == EventType.FRAUD_BLOCKED ? "frd_" : "rfs_"),
                refusal.type,
                clock.millis(),
                tenant.id())
            .verification(null, to.e164(), to.country())
            .outcome(refusal.problem.code())
            .details(refusal.detail);
    if (plan != null) {
      event.region(plan.region()).route(plan.rulesVersion(), plan.decision());
    }
    List<Event> recorded = new java.util.ArrayList<>(notes.take());
    recorded.addAll(refusal.notes);
    recorded.add(event.build());
    return records.publish(recorded).transform(done -> Future.failedFuture(refusal.problem));
  }

  private Future<Started> reserveAndSend(
      Tenant tenant, StartCommand command, RoutePlan plan, Notes notes) {
    long now = clock.millis();
    long pushDeadline = command.pushPending() ? now + command.ackTimeoutMillis() : 0;
    long expiresAt =
        (command.pushPending() ? pushDeadline : now) + tenant.limits().codeTtlSeconds() * 1000L;
    String newId = Ids.mint(Ids.VERIFICATION);
    ReservationRequest reservation =
        new ReservationRequest(
            newId, now, expiresAt, command.binding(), tenant.limits().perDestinationPerHour());
    Draft draft = new Draft(tenant, command, plan, newId, now, pushDeadline, expiresAt, notes);
    String e164 = command.destination().e164();
    return destinations
        .reserve(tenant.id(), e164, reservation)
        .compose(
            r ->
                switch (r.kind()) {
                  case RATE_LIMITED -> refuse(tenant, command, plan, rateLimited(tenant, r), notes);
                  case CREATE -> create(draft);
                  case RESEND ->
                      records
                          .publish(notes.take())
                          .compose(noted -> resend(tenant, command, plan, r.verificationId()))
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
                                          .compose(v -> create(draft))
                                      : Future.failedFuture(gone));
                });
  }

  private static GatewayException rateLimited(Tenant tenant, Reservation r) {
    return GatewayException.rateLimited(
        "destination_rate_limited",
        "this number has had "
            + tenant.limits().perDestinationPerHour()
            + " codes in the last hour; try again later",
        (r.retryAfterMillis() + 999) / 1000);
  }

  /** What a new verification is made from, and what its start's checks put on record. */
  private record Draft(
      Tenant tenant,
      StartCommand command,
      RoutePlan plan,
      String id,
      long now,
      long pushDeadline,
      long expiresAt,
      Notes notes) {}

  private Future<Started> create(Draft d) {
    Tenant tenant = d.tenant();
    StartCommand command = d.command();
    Codes.Issued code = codes.issue(d.id(), tenant.limits().codeLength(), command.binding());
    boolean held = command.pushPending();
    Verification v =
        Verification.start(
            new Verification.Draft(
                d.id(),
                tenant.id(),
                command.destination(),
                request(command),
                code.hash(),
                code.sealed(),
                d.now(),
                d.expiresAt(),
                d.expiresAt() + retention.toMillis(),
                d.pushDeadline(),
                held ? List.of() : d.plan().candidates(),
                d.plan().baselineUsd(),
                d.plan().route()));
    Future<Verification> stored = records.create(v, d.notes().take());
    if (held) {
      return stored.map(
          x -> {
            timers.arm(PUSH_TIMER, d.id(), d.pushDeadline());
            return new Started(v, true);
          });
    }
    return stored
        .compose(x -> sender.send(tenant, v, code.code(), d.plan(), 1, SendTrigger.INITIAL, null))
        .map(sent -> new Started(sent, false));
  }

  /** A live code for this number exists: send it again under the same id. */
  private Future<Started> resend(Tenant tenant, StartCommand command, RoutePlan plan, String id) {
    return records
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
                // Push failed after all: send now rather than waiting out the timer. The claim
                // requires the code still held, so this and the push timer never both send it.
                timers.disarm(PUSH_TIMER, id);
                return sendExisting(
                        tenant, v, plan, SendTrigger.INITIAL, Verification.Requires.PENDING_PUSH)
                    .recover(
                        lost ->
                            lost instanceof Superseded
                                ? records.get(id)
                                : Future.failedFuture(lost))
                    .map(sent -> new Started(sent, false));
              }
              if (command.pushPending()) {
                // The app waits for a push again: hold the resend for its acknowledgement as a
                // fresh pending start holds its first send; a cancel meanwhile sends nothing.
                long until = now + command.ackTimeoutMillis();
                return records
                    .update(id, null, new Transition.HoldResend(until, now))
                    .compose(
                        held -> {
                          if (held == null || !held.result()) {
                            return Future.failedFuture(new Superseded());
                          }
                          timers.arm(PUSH_RESEND_TIMER, id, until);
                          return Future.succeededFuture(new Started(held.verification(), true));
                        });
              }
              timers.disarm(PUSH_RESEND_TIMER, id);
              return sendExisting(tenant, v, plan, SendTrigger.RESEND, Verification.Requires.LIVE)
                  .map(sent -> new Started(sent, false));
            });
  }

  private Future<Verification> sendExisting(
      Tenant tenant,
      Verification v,
      RoutePlan plan,
      SendTrigger trigger,
      Verification.Requires requires) {
    return records
        .update(
            v.id(), null, new Transition.BeginSend(clock.millis(), plan, trigger, true, requires))
        .compose(
            begun -> {
              if (begun == null || begun.result() == 0) {
                return Future.failedFuture(new Superseded());
              }
              Verification current = begun.verification();
              return sender.send(
                  tenant, current, sender.code(current), plan, begun.result(), trigger, null);
            });
  }

  /**
   * The push was not acknowledged in time: send the held code (the first send, or the resend of a
   * pending restart). The send's claim requires the code still held, so a verification canceled,
   * ended or sent meanwhile sends nothing, and a timer fired twice (its local timer and the owner's
   * sweep) sends once.
   */
  private void pushTimedOut(String id, Verification.Requires requires) {
    boolean firstSend = requires == Verification.Requires.PENDING_PUSH;
    records
        .get(id)
        .compose(
            v -> {
              if (v == null
                  || (firstSend
                      ? v.status() != VerificationStatus.PENDING_PUSH
                      : v.resendHeldUntil() == 0 || !v.status().isLive())) {
                return Future.succeededFuture();
              }
              return tenants
                  .get(v.tenantId())
                  .compose(
                      tenant ->
                          planner
                              .plan(planRequest(tenant, v, Set.of()))
                              .compose(
                                  plan ->
                                      sendExisting(
                                          tenant,
                                          v,
                                          plan,
                                          firstSend ? SendTrigger.INITIAL : SendTrigger.RESEND,
                                          requires)));
            })
        .onFailure(
            e -> {
              if (!(e instanceof Superseded)) {
                LOG.log(Level.INFO, "held code of " + id + " not sent: " + e.getMessage());
              }
            });
  }

  /** What routing needs to know to send this verification's message again. */
  static RoutePlanner.PlanRequest planRequest(Tenant tenant, Verification v, Set<String> exclude) {
    Verification.Request r = v.request();
    String body = CodeSender.render(tenant, v, "0".repeat(tenant.limits().codeLength()));
    return new RoutePlanner.PlanRequest(
        tenant,
        v.destination(),
        r.risk(),
        r.channel(),
        r.consent(),
        Segments.count(body).segments(),
        exclude);
  }

  private static RoutePlanner.PlanRequest planRequest(
      Tenant tenant, StartCommand c, Set<String> exclude) {
    // The message with a placeholder code of the right length: its segment count is the real one's.
    String body =
        CodeSender.render(
            tenant,
            request(c),
            tenant.limits().codeTtlSeconds() * 1000L,
            "0".repeat(tenant.limits().codeLength()));
    return new RoutePlanner.PlanRequest(
        tenant,
        c.destination(),
        c.risk(),
        c.channel(),
        c.consent(),
        Segments.count(body).segments(),
        exclude);
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

  /** The live verification a start found has ended meanwhile: a new one is needed. */
  private static final class Superseded extends RuntimeException {
    Superseded() {
      super(null, null, false, false);
    }
  }
}
