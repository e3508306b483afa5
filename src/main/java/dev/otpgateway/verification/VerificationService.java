package dev.otpgateway.verification;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.tenancy.Tenant;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

/**
 * The life of a verification as the API sees it: start (delegated to {@link VerificationStarter}),
 * check a code, read, cancel.
 */
public final class VerificationService {
  private final VerificationStore store;
  private final VerificationStarter starter;
  private final RoutePlanner planner;
  private final DurableTimers timers;
  private final CodeHasher hasher;
  private final Metrics metrics;
  private final StatusCallbacks callbacks;
  private final Clock clock;

  public VerificationService(
      VerificationStore store,
      VerificationStarter starter,
      RoutePlanner planner,
      DurableTimers timers,
      CodeHasher hasher,
      Metrics metrics,
      StatusCallbacks callbacks,
      Clock clock) {
    this.store = store;
    this.starter = starter;
    this.planner = planner;
    this.timers = timers;
    this.hasher = hasher;
    this.metrics = metrics;
    this.callbacks = callbacks;
    this.clock = clock;
  }

  public Future<VerificationStarter.Started> start(Tenant tenant, StartCommand command) {
    return starter.start(tenant, command);
  }

  /** What routing would decide for this start, without sending or counting anything. */
  public Future<dev.otpgateway.routing.RouteDecision> preview(Tenant tenant, StartCommand command) {
    return starter.preview(tenant, command);
  }

  /** Providers with an adapter, for previews that show which candidates could really be used. */
  public Set<String> availableProviders() {
    return planner.available();
  }

  public Future<CheckResult> check(Tenant tenant, String id, String code, String binding) {
    byte[] candidate = hasher.hash(id, code, binding);
    long now = clock.millis();
    return store
        .update(id, tenant.id(), new Transition.CheckCode(candidate, now))
        .map(
            updated -> {
              CheckResult result =
                  updated == null
                      ? new CheckResult(CheckResult.Outcome.NOT_FOUND, 0)
                      : updated.result();
              metrics.check(result.outcome().name().toLowerCase(Locale.ROOT));
              if (updated != null && updated.verification().endedAt() == now) {
                // This check ended it (approved, or the fifth wrong code): tell the tenant once.
                stopTimers(updated.verification());
                callbacks.changed(
                    tenant,
                    updated.verification(),
                    result.outcome() == CheckResult.Outcome.APPROVED ? "approved" : "failed");
              }
              return result;
            });
  }

  public Future<Verification> get(Tenant tenant, String id) {
    return store
        .get(id)
        .compose(
            v ->
                v == null || !v.tenantId().equals(tenant.id())
                    ? Future.failedFuture(notFound(id))
                    : Future.succeededFuture(v));
  }

  /** The push was approved in time: send nothing (more). */
  public Future<Verification> cancel(Tenant tenant, String id) {
    long now = clock.millis();
    return store
        .update(id, tenant.id(), new Transition.Cancel(now))
        .compose(
            updated -> {
              if (updated == null) {
                return Future.failedFuture(notFound(id));
              }
              Verification v = updated.verification();
              if (!updated.result()) {
                return Future.failedFuture(
                    GatewayException.of(
                        Kind.CONFLICT,
                        "verification_ended",
                        "verification " + id + " is already " + v.visibleStatus(clock.millis())));
              }
              if (v.endedAt() == now) {
                stopTimers(v);
                callbacks.changed(tenant, v, "canceled");
              }
              return Future.succeededFuture(v);
            });
  }

  /** An ended verification sends nothing more: its push and delivery timers are taken away. */
  private void stopTimers(Verification v) {
    timers.disarm(VerificationStarter.PUSH_TIMER, v.id());
    timers.disarm(VerificationStarter.PUSH_RESEND_TIMER, v.id());
    for (Attempt a : v.attempts()) {
      if (a.awaitingReceipt()) {
        timers.disarm(CodeSender.DELIVERY_TIMER, v.id() + "." + a.number());
      }
    }
  }

  private static GatewayException notFound(String id) {
    return GatewayException.notFound("no verification " + id);
  }
}
