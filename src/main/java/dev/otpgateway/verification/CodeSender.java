package dev.otpgateway.verification;

import dev.otpgateway.delivery.AttemptResult;
import dev.otpgateway.delivery.Candidate;
import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.delivery.SendOutcome;
import dev.otpgateway.delivery.SendRequest;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.otp.MessageTemplates;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.sms.Segments;
import dev.otpgateway.tenancy.Tenant;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a verification's code along a route and records every attempt: the one path that a first
 * send, a resend, a fired push timer and a failover all take.
 */
public final class CodeSender {
  /** Timers that fail over when an accepted message's receipt doesn't come in time. */
  public static final String DELIVERY_TIMER = "delivery";

  private final VerificationRecords records;
  private final DeliveryService delivery;
  private final DurableTimers timers;
  private final Codes codes;
  private final Admission admission;
  private final Clock clock;

  /**
   * @param admission counts each send in flight, so a member shutting down lets it finish
   */
  public CodeSender(
      VerificationRecords records,
      DeliveryService delivery,
      DurableTimers timers,
      Codes codes,
      Admission admission,
      Clock clock) {
    this.records = records;
    this.delivery = delivery;
    this.timers = timers;
    this.codes = codes;
    this.admission = admission;
    this.clock = clock;
  }

  /** The message a verification sends, rendered with its code. */
  public static String render(Tenant tenant, Verification v, String code) {
    return render(tenant, v.request(), v.lifetimeMillis(), code);
  }

  /** The message for a request whose code lives {@code lifetimeMillis} once sent. */
  public static String render(
      Tenant tenant, Verification.Request r, long lifetimeMillis, String code) {
    String language = MessageTemplates.language(r.locale(), tenant.templates());
    int minutes = (int) Math.max(1, Math.ceil(lifetimeMillis / 60_000.0));
    return MessageTemplates.render(
        new MessageTemplates.MessageRequest(
            language,
            tenant.name(),
            code,
            minutes,
            r.transaction(),
            r.appHash(),
            r.webOtpDomain(),
            tenant.templates()));
  }

  /** The sealed code of a live verification, for a resend or failover. */
  public String code(Verification v) {
    return codes.open(v);
  }

  /**
   * Sends through the plan's candidates, numbering attempts from {@code firstAttempt} (the claim
   * {@link Verification#beginSend} made, or the start's), records the result with what it cost and
   * why it went where it went, and arms the delivery-timeout timer for the accepted attempt. Fails
   * with 502, naming every attempt, when no provider took it.
   *
   * @param failedOver the provider whose failure this send fails over from, or null
   */
  public Future<Verification> send(
      Tenant tenant,
      Verification v,
      String code,
      RoutePlan plan,
      int firstAttempt,
      SendTrigger trigger,
      String failedOver) {
    SendRequest request = request(tenant, v, code, plan.region(), firstAttempt, plan.candidates());
    return admission.track(
        () -> sendAndRecord(v, request, plan, firstAttempt, trigger, failedOver));
  }

  private Future<Verification> sendAndRecord(
      Verification v,
      SendRequest request,
      RoutePlan plan,
      int firstAttempt,
      SendTrigger trigger,
      String failedOver) {
    return delivery
        .send(request)
        .compose(
            outcome ->
                record(
                    v,
                    outcome,
                    trigger,
                    request.segments(),
                    new Verification.SendRecord(
                        List.of(),
                        plan.route(),
                        plan.decision(),
                        plan.baselineUsd(),
                        failedOver,
                        0,
                        firstAttempt,
                        false)))
        .compose(
            after ->
                after.accepted()
                    ? Future.succeededFuture(after.verification())
                    : Future.failedFuture(allFailed(after.verification(), after.attempts())));
  }

  /**
   * Settles a send whose member was lost before it recorded the outcome (the claim was taken over
   * by this member): its attempts are looked up at their providers, and what they say is recorded.
   *
   * @return the verification after it, and whether a provider had the message
   */
  public Future<Sent> settleLost(Tenant tenant, Verification v, SendClaim claim) {
    SendRequest request =
        request(tenant, v, code(v), v.route().region(), claim.first(), claim.candidates());
    return delivery
        .settle(request)
        .compose(
            outcome ->
                record(
                    v,
                    outcome,
                    claim.trigger(),
                    request.segments(),
                    new Verification.SendRecord(
                        List.of(),
                        v.route(),
                        null,
                        claim.baselineUsd(),
                        null,
                        0,
                        claim.first(),
                        true)));
  }

  /** A send's outcome as recorded: the verification after it, and its attempts. */
  public record Sent(Verification verification, List<Attempt> attempts) {
    public boolean accepted() {
      return attempts.stream().anyMatch(Attempt::accepted);
    }
  }

  private SendRequest request(
      Tenant tenant,
      Verification v,
      String code,
      String region,
      int firstAttempt,
      List<Candidate> candidates) {
    String body = render(tenant, v, code);
    long now = clock.millis();
    return new SendRequest(
        v.id(),
        firstAttempt,
        v.to(),
        region,
        body,
        Segments.count(body).segments(),
        Duration.ofMillis(Math.max(1_000, v.expiresAt() - now)),
        candidates);
  }

  /** Records what a send came to (completing {@code shape}) and arms the accepted one's timer. */
  private Future<Sent> record(
      Verification v,
      SendOutcome outcome,
      SendTrigger trigger,
      int segments,
      Verification.SendRecord shape) {
    List<Attempt> attempts = attempts(outcome, trigger, segments);
    Verification.SendRecord record =
        new Verification.SendRecord(
            attempts,
            shape.route(),
            shape.decision(),
            shape.baselineUsd(),
            shape.failedOver(),
            clock.millis(),
            shape.claim(),
            shape.settlesLost());
    // A provider accepted (or may have): the outcome must be kept, or the claim waits for the
    // sweeper's look-up while the client, answered 503, tries again and the person gets a second
    // message.
    return records
        .updateUntilConfirmed(v.id(), new Transition.RecordSend(record))
        .map(
            updated -> {
              Verification after = updated == null ? v : updated.verification();
              for (Attempt a : attempts) {
                if (a.accepted()) {
                  // The deadline is in the record already; this member's timer meets it on time.
                  timers.arm(DELIVERY_TIMER, a.ref(v.id()).toString(), a.deliveryDueAt());
                }
              }
              return new Sent(after, attempts);
            });
  }

  private static List<Attempt> attempts(SendOutcome outcome, SendTrigger trigger, int segments) {
    List<Attempt> attempts = new ArrayList<>(outcome.attempts().size());
    for (AttemptResult r : outcome.attempts()) {
      boolean accepted = r.accepted();
      attempts.add(
          new Attempt(
              r.ref().number(),
              r.candidate().provider(),
              r.candidate().channel(),
              trigger,
              accepted,
              r.failureKind(),
              r.reason(),
              r.providerMessageId(),
              r.at(),
              accepted ? DeliveryState.PENDING : DeliveryState.NONE,
              0,
              accepted ? r.candidate().priceUsd() : BigDecimal.ZERO,
              r.candidate().channel() == Channel.SMS ? segments : 1,
              accepted ? r.candidate().carbonGrams() : 0,
              accepted ? r.at() + r.candidate().deliveryTimeout().toMillis() : 0));
    }
    return attempts;
  }

  /** 502: no provider took the message; every attempt and its reason is named. */
  static GatewayException allFailed(Verification v, List<Attempt> attempts) {
    List<Map<String, Object>> listed = new ArrayList<>();
    for (Attempt a : attempts) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("provider", a.provider());
      item.put("channel", a.channel().id());
      item.put("outcome", a.outcomeName());
      item.put(
          "failure",
          a.failureKind() == null ? null : a.failureKind().name().toLowerCase(Locale.ROOT));
      item.put("reason", a.reason());
      listed.add(item);
    }
    String detail =
        attempts.isEmpty()
            ? "no provider can carry this message now: every candidate is excluded"
            : "every provider failed: "
                + String.join(
                    ", ",
                    attempts.stream().map(a -> a.provider() + " (" + a.reason() + ")").toList());
    return GatewayException.of(Kind.UPSTREAM_FAILED, "all_providers_failed", detail)
        .with(Map.of("verification_id", v.id(), "attempts", listed));
  }
}
