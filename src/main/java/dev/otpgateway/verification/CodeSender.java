package dev.otpgateway.verification;

import dev.otpgateway.delivery.AttemptResult;
import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.delivery.SendOutcome;
import dev.otpgateway.delivery.SendRequest;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.otp.CodeSealer;
import dev.otpgateway.otp.MessageTemplates;
import dev.otpgateway.sms.Segments;
import dev.otpgateway.tenancy.Tenant;
import io.vertx.core.Future;
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

  private final VerificationStore store;
  private final DeliveryService delivery;
  private final DurableTimers timers;
  private final CodeSealer sealer;
  private final Metrics metrics;
  private final StatusCallbacks callbacks;
  private final Clock clock;

  public CodeSender(
      VerificationStore store,
      DeliveryService delivery,
      DurableTimers timers,
      CodeSealer sealer,
      Metrics metrics,
      StatusCallbacks callbacks,
      Clock clock) {
    this.store = store;
    this.delivery = delivery;
    this.timers = timers;
    this.sealer = sealer;
    this.metrics = metrics;
    this.callbacks = callbacks;
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
    return sealer.open(v.id(), v.sealedCode());
  }

  /**
   * Sends through the plan's candidates, numbering attempts from {@code firstAttempt}, records the
   * result, and arms the delivery-timeout timer for the accepted attempt. Fails with 502, naming
   * every attempt, when no provider took it.
   */
  public Future<Verification> send(
      Tenant tenant,
      Verification v,
      String code,
      RoutePlan plan,
      int firstAttempt,
      String trigger) {
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
              Verification.Route route =
                  new Verification.Route(plan.rulesVersion(), plan.region(), plan.reason());
              return store
                  .update(v.id(), null, new Transition.RecordSend(attempts, route, clock.millis()))
                  .compose(
                      updated -> {
                        Verification after = updated == null ? v : updated.verification();
                        if (!outcome.accepted()) {
                          callbacks.changed(tenant, after, "failed");
                          return Future.failedFuture(allFailed(after, attempts));
                        }
                        callbacks.changed(tenant, after, event(trigger));
                        account(tenant, plan, outcome.acceptedAttempt(), segments);
                        AttemptResult accepted = outcome.acceptedAttempt();
                        long due =
                            clock.millis() + accepted.candidate().deliveryTimeout().toMillis();
                        // Most receipts come within seconds: the timeout is only made durable if
                        // its receipt is late.
                        timers.armAfterGrace(
                            DELIVERY_TIMER,
                            v.id() + "." + accepted.number(),
                            due,
                            DELIVERY_TIMER_GRACE);
                        return Future.succeededFuture(after);
                      });
            });
  }

  /** The callback event a send announces. */
  private static String event(String trigger) {
    if (trigger.startsWith("failover")) {
      return "failover";
    }
    return "resend".equals(trigger) ? "resent" : "sent";
  }

  private void account(Tenant tenant, RoutePlan plan, AttemptResult accepted, int segments) {
    String provider = accepted.candidate().provider();
    metrics.cost(
        tenant.id(),
        provider,
        plan.region(),
        accepted.candidate().costUsd(),
        plan.baselineCostUsd());
    metrics.carbon(
        provider,
        plan.region(),
        accepted.candidate().channel(),
        accepted.candidate().carbonGrams());
  }

  private static List<Attempt> attempts(SendOutcome outcome, String trigger, int segments) {
    List<Attempt> attempts = new ArrayList<>(outcome.attempts().size());
    for (AttemptResult r : outcome.attempts()) {
      attempts.add(
          new Attempt(
              r.number(),
              r.candidate().provider(),
              r.candidate().channel(),
              trigger,
              r.accepted() ? Attempt.ACCEPTED : Attempt.FAILED,
              r.failureKind() == null ? null : r.failureKind().name().toLowerCase(Locale.ROOT),
              r.reason(),
              r.providerMessageId(),
              r.at(),
              r.accepted() ? "pending" : "none",
              0,
              r.accepted() ? r.candidate().costUsd() : 0,
              "sms".equals(r.candidate().channel()) ? segments : 1));
    }
    return attempts;
  }

  /** 502: no provider took the message; every attempt and its reason is named. */
  static GatewayException allFailed(Verification v, List<Attempt> attempts) {
    List<Map<String, Object>> listed = new ArrayList<>();
    for (Attempt a : attempts) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("provider", a.provider());
      item.put("channel", a.channel());
      item.put("outcome", a.outcome());
      item.put("failure", a.failureKind());
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
