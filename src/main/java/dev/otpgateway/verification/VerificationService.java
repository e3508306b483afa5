package dev.otpgateway.verification;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.tenancy.Tenant;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * A started verification's life as the API sees it: check a code, read it, cancel it. Starting
 * belongs to {@link VerificationStarter}.
 */
public final class VerificationService {
  private final VerificationRecords records;
  private final DurableTimers timers;
  private final Codes codes;
  private final Clock clock;

  public VerificationService(
      VerificationRecords records, DurableTimers timers, Codes codes, Clock clock) {
    this.records = records;
    this.timers = timers;
    this.codes = codes;
    this.clock = clock;
  }

  public Future<CheckResult> check(Tenant tenant, String id, String code, String binding) {
    byte[] candidate = codes.hash(id, code, binding);
    long now = clock.millis();
    return records
        .update(id, tenant.id(), new Transition.CheckCode(candidate, now))
        .map(
            updated -> {
              if (updated == null) {
                return new CheckResult(CheckResult.Outcome.NOT_FOUND, 0);
              }
              if (updated.verification().endedAt() == now) {
                // This check ended it (approved, or the fifth wrong code): nothing more is sent.
                stopTimers(updated.verification());
              }
              return updated.result();
            });
  }

  public Future<Verification> get(Tenant tenant, String id) {
    return records
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
    return records
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
              }
              return Future.succeededFuture(v);
            });
  }

  /**
   * An ended verification sends nothing more: its local push and delivery timers are canceled (the
   * record's deadlines end with it).
   */
  private void stopTimers(Verification v) {
    timers.disarm(VerificationStarter.PUSH_TIMER, v.id());
    timers.disarm(VerificationStarter.PUSH_RESEND_TIMER, v.id());
    for (Attempt a : v.attempts()) {
      if (a.awaitingReceipt()) {
        timers.disarm(CodeSender.DELIVERY_TIMER, a.ref(v.id()).toString());
      }
    }
  }

  private static GatewayException notFound(String id) {
    return GatewayException.notFound("no verification " + id);
  }
}
