package dev.otpgateway.verification;

import dev.otpgateway.delivery.AttemptResult;
import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.delivery.SendOutcome;
import dev.otpgateway.delivery.SendRequest;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.otp.MessageTemplates;
import dev.otpgateway.otp.Segments;
import dev.otpgateway.routing.Channel;
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

  /** How long a delivery timeout stays on the sending node before it is made durable. */
  static final Duration DELIVERY_TIMER_GRACE = Duration.ofSeconds(2);

  private final VerificationRecords records;
  private final DeliveryService delivery;
  private final DurableTimers timers;
  private final Codes codes;
  private final Clock clock;

  public CodeSender(
      VerificationRecords records,
      DeliveryService delivery,
      DurableTimers timers,
      Codes codes,
      Clock clock) {
    this.records = records;
    this.delivery = delivery;
    this.timers = timers;
    this.codes = codes;
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
   * Sends through the plan's candidates, numbering attempts from {@code firstAttempt}, records the
   * result with what it cost and why it went where it went, and arms the delivery-timeout timer for
   * the accepted attempt. Fails with 502, naming every attempt, when no provider took it.
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
    String body = render(tenant, v, code);
    int segments = Segments.count(body).segments();
    long now = clock.millis();
    SendRequest request =
        new SendRequest(
            v.id(),
            firstAttempt,
            v.to(),
            plan.region(),
            body,
            segments,
            Duration.ofMillis(Math.max(1_000, v.expiresAt() - now)),
            plan.candidates());
    return delivery
        .send(request)
        .compose(
            outcome -> {
              List<Attempt> attempts = attempts(outcome, trigger, segments);
              Verification.SendRecord record =
                  new Verification.SendRecord(
                      attempts,
                      plan.route(),
                      plan.decision(),
                      plan.baselineUsd(),
                      failedOver,
                      clock.millis());
              return records
                  .update(v.id(), null, new Transition.RecordSend(record))
                  .compose(
                      updated -> {
                        Verification after = updated == null ? v : updated.verification();
                        if (!outcome.accepted()) {
                          return Future.failedFuture(allFailed(after, attempts));
                        }
                        AttemptResult accepted = outcome.acceptedAttempt();
                        long due =
                            clock.millis() + accepted.candidate().deliveryTimeout().toMillis();
                        // Most receipts come within seconds: the timeout is only made durable if
                        // its receipt is late.
                        timers.armAfterGrace(
                            DELIVERY_TIMER, accepted.ref().toString(), due, DELIVERY_TIMER_GRACE);
                        return Future.succeededFuture(after);
                      });
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
              accepted ? r.candidate().carbonGrams() : 0));
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
