package dev.otpgateway.verification;

import dev.otpgateway.delivery.AttemptRef;
import dev.otpgateway.delivery.DeliveryQuality;
import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.RcsProvider;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What happens after a provider accepted a message: its receipt moves the attempt forward, and a
 * failure receipt, or no receipt within the region's delivery timeout, sends the same code through
 * the next candidate while the code is live. An RCS message that was not delivered in time is
 * revoked first, so the person gets one code, not two.
 */
public final class DeliveryFollowUp {
  private static final Logger LOG = Logger.getLogger(DeliveryFollowUp.class.getName());

  /** Retries of a receipt that overtook its send's record: 50, 100, 200, 400, 800 ms. */
  private static final int NOT_YET_RETRIES = 5;

  private final Vertx vertx;
  private final VerificationRecords records;
  private final DeliveryService delivery;
  private final DeliveryQuality quality;
  private final RoutePlanner planner;
  private final CodeSender sender;
  private final TenantService tenants;
  private final DurableTimers timers;
  private final Membership membership;
  private final Clock clock;

  public DeliveryFollowUp(
      Vertx vertx,
      VerificationRecords records,
      DeliveryService delivery,
      DeliveryQuality quality,
      RoutePlanner planner,
      CodeSender sender,
      DurableTimers timers,
      TenantService tenants,
      Membership membership,
      Clock clock) {
    this.vertx = vertx;
    this.records = records;
    this.delivery = delivery;
    this.quality = quality;
    this.planner = planner;
    this.sender = sender;
    this.tenants = tenants;
    this.clock = clock;
    this.timers = timers;
    this.membership = membership;
    timers.on(CodeSender.DELIVERY_TIMER, this::deliveryTimedOut);
    timers.on(LOST_SEND, this::settleLost);
  }

  /**
   * Sends no one will record: their member died or stopped mid-send. The subject names the
   * verification and the claim's first attempt, as an attempt reference does.
   */
  public static final String LOST_SEND = "lost-send";

  /**
   * Settles a send whose member was lost (see {@link SendClaim}): takes its claim over, looks its
   * attempts up at their providers, records what they say, and when none had the message, sends the
   * code on as a failover would, so that the verification neither stays in {@code sending} nor
   * leaves the person without a code.
   */
  private void settleLost(String subject) {
    AttemptRef ref = AttemptRef.parse(subject);
    if (ref == null) {
      return;
    }
    long now = clock.millis();
    records
        .update(
            ref.verificationId(),
            null,
            new Transition.TakeOverClaim(ref.number(), membership.current(), now))
        .compose(
            taken -> {
              if (taken == null || !taken.result()) {
                return Future.succeededFuture();
              }
              Verification v = taken.verification();
              SendClaim claim = v.claim(ref.number());
              LOG.info(
                  () ->
                      "settling send "
                          + subject
                          + " ("
                          + claim.trigger().wireName()
                          + "), lost with its member");
              return tenants
                  .get(v.tenantId())
                  .compose(
                      tenant ->
                          sender
                              .settleLost(tenant, v, claim)
                              .compose(
                                  settled ->
                                      settled.accepted()
                                          ? Future.succeededFuture()
                                          : sendOn(tenant, settled, claim.trigger())));
            })
        .onFailure(e -> LOG.log(Level.WARNING, "lost send " + subject + " not settled", e));
  }

  /**
   * No provider had a lost send's message: the code goes out now. A verification with an earlier
   * message still on its way fails over from the lost send's last provider; one that never had a
   * message sends it for the first time, as its lost send would have, when its client was told it
   * would be: a start held for a push acknowledgement was answered before its send. A start's own
   * first send is not sent on. Its client was answered only after a send, so it was told the start
   * failed, or nothing, and starts again; a code sent now would come unasked, seconds later, and
   * past the number's rate limit (a start cut off by a partition whose verification the heal brings
   * back, found by the fault harness). That verification sends nothing and expires.
   */
  private Future<Void> sendOn(Tenant tenant, CodeSender.Sent settled, SendTrigger trigger) {
    Verification v = settled.verification();
    long now = clock.millis();
    if (!v.status().isLive() || now >= v.expiresAt()) {
      return Future.succeededFuture();
    }
    boolean answeredBeforeItsSend = v.pushDeadline() > 0;
    if (v.latestAccepted() == null && trigger == SendTrigger.INITIAL && !answeredBeforeItsSend) {
      return Future.succeededFuture();
    }
    List<Attempt> tried = settled.attempts();
    if (v.latestAccepted() != null && !tried.isEmpty()) {
      return failOver(
          v,
          tried.get(tried.size() - 1),
          trigger.isFailover() ? trigger : SendTrigger.FAILOVER_SENDER_LOST);
    }
    return planner
        .plan(VerificationStarter.planRequest(tenant, v, Set.of()))
        .compose(
            plan ->
                claimAndSend(tenant, v, plan, trigger, null, now)
                    // Every provider failed: recorded, and the verification has ended.
                    .otherwiseEmpty());
  }

  /**
   * Claims the verification's next send (nothing when it ended or another send holds it) and sends
   * its live code along the plan.
   *
   * @param failedOver the provider this send fails over from, or null
   */
  private Future<Void> claimAndSend(
      Tenant tenant,
      Verification v,
      RoutePlan plan,
      SendTrigger trigger,
      String failedOver,
      long now) {
    return records
        .update(
            v.id(),
            null,
            new Transition.BeginSend(now, plan, trigger, false, Verification.Requires.LIVE))
        .compose(
            begun -> {
              if (begun == null || begun.result() == 0) {
                return Future.succeededFuture();
              }
              Verification current = begun.verification();
              return sender
                  .send(
                      tenant,
                      current,
                      sender.code(current),
                      plan,
                      begun.result(),
                      trigger,
                      failedOver)
                  .mapEmpty();
            });
  }

  /**
   * Applies a verified receipt. Unknown references and receipts that would move an attempt
   * backwards (late, or replayed) change nothing.
   *
   * @return whether the receipt changed anything
   */
  public Future<Boolean> onReceipt(String provider, DeliveryReceipt receipt) {
    if (receipt.status() == DeliveryReceipt.Status.SENT) {
      return Future.succeededFuture(false);
    }
    return delivery
        .referenceOf(provider, receipt)
        .compose(
            reference -> {
              AttemptRef ref = AttemptRef.parse(reference);
              if (ref == null) {
                return Future.succeededFuture(false);
              }
              DeliveryState state =
                  receipt.status() == DeliveryReceipt.Status.DELIVERED
                      ? DeliveryState.DELIVERED
                      : DeliveryState.FAILED;
              long at = receipt.at() == null ? clock.millis() : receipt.at().toEpochMilli();
              return apply(ref, provider, state, at, 0);
            });
  }

  private Future<Boolean> apply(
      AttemptRef ref, String provider, DeliveryState state, long at, int tries) {
    return records
        .update(
            ref.verificationId(),
            null,
            new Transition.ApplyReceipt(ref.number(), provider, state, at, clock.millis()))
        .compose(
            updated -> {
              if (updated != null
                  && updated.result() == Verification.ReceiptEffect.NOT_YET
                  && tries < NOT_YET_RETRIES) {
                // The receipt overtook the record of the send: try again once the send is recorded.
                Promise<Boolean> later = Promise.promise();
                vertx.setTimer(
                    50L << tries,
                    t -> apply(ref, provider, state, at, tries + 1).onComplete(later));
                return later.future();
              }
              if (updated == null || updated.result() != Verification.ReceiptEffect.APPLIED) {
                return Future.succeededFuture(false);
              }
              Verification v = updated.verification();
              Attempt attempt = v.attempt(ref.number());
              timers.disarm(CodeSender.DELIVERY_TIMER, ref.toString());
              if (state == DeliveryState.DELIVERED) {
                // Receipt minus send, as this node saw them: providers' own timestamps can be whole
                // seconds, which would make a fast delivery look instant.
                quality.delivered(provider, Math.max(0, clock.millis() - attempt.at()));
                return Future.succeededFuture(true);
              }
              quality.failed(provider);
              return failOver(v, attempt, SendTrigger.FAILOVER_FAILURE_RECEIPT).map(true);
            });
  }

  /** No receipt in time: revoke an RCS message first, then send the code another way. */
  private void deliveryTimedOut(String subject) {
    AttemptRef ref = AttemptRef.parse(subject);
    if (ref == null) {
      return;
    }
    records
        .get(ref.verificationId())
        .compose(
            v -> {
              Attempt attempt = v == null ? null : v.attempt(ref.number());
              if (attempt == null || !attempt.awaitingReceipt()) {
                return Future.succeededFuture();
              }
              Provider provider = delivery.provider(attempt.provider());
              if (provider instanceof RcsProvider rcs) {
                // A revoke names the message only: it has no body, and no validity to speak of.
                return rcs.revoke(
                        delivery.message(
                            ref, v.to(), null, Duration.ofMillis(1), attempt.provider()))
                    .compose(
                        revoked ->
                            revoked
                                ? timedOut(
                                    ref,
                                    attempt,
                                    DeliveryState.REVOKED,
                                    SendTrigger.FAILOVER_RCS_NOT_DELIVERED)
                                : apply(
                                        ref,
                                        attempt.provider(),
                                        DeliveryState.DELIVERED,
                                        clock.millis(),
                                        0)
                                    .mapEmpty());
              }
              return timedOut(
                  ref, attempt, DeliveryState.TIMED_OUT, SendTrigger.FAILOVER_DELIVERY_TIMEOUT);
            })
        .onFailure(
            e -> LOG.log(Level.WARNING, "delivery timeout of " + subject + " not handled", e));
  }

  private Future<Void> timedOut(
      AttemptRef ref, Attempt attempt, DeliveryState state, SendTrigger failover) {
    long now = clock.millis();
    return records
        .update(
            ref.verificationId(),
            null,
            new Transition.ApplyReceipt(ref.number(), attempt.provider(), state, now, now))
        .compose(
            updated -> {
              if (updated == null || updated.result() != Verification.ReceiptEffect.APPLIED) {
                return Future.succeededFuture();
              }
              quality.failed(attempt.provider());
              return failOver(updated.verification(), attempt, failover);
            });
  }

  /**
   * Sends the same code through the best candidate not yet tried without success, while the code is
   * live. A failover is not a new send: it doesn't count toward the rate limit.
   */
  private Future<Void> failOver(Verification v, Attempt failed, SendTrigger trigger) {
    long now = clock.millis();
    if (!v.status().isLive() || now >= v.expiresAt()) {
      return Future.succeededFuture();
    }
    Set<String> exclude = new HashSet<>();
    for (Attempt a : v.attempts()) {
      if (!a.accepted() || !a.delivery().stillPossible()) {
        exclude.add(a.provider());
      }
    }
    return tenants
        .get(v.tenantId())
        .compose(
            tenant ->
                planner
                    .plan(VerificationStarter.planRequest(tenant, v, exclude))
                    .compose(plan -> sendVia(tenant, v, plan, failed, trigger, now)));
  }

  private Future<Void> sendVia(
      Tenant tenant,
      Verification v,
      RoutePlan plan,
      Attempt failed,
      SendTrigger trigger,
      long now) {
    if (plan.refused() || plan.candidates().isEmpty()) {
      LOG.info(() -> "no provider left to fail " + v.id() + " over to after " + failed.provider());
      return Future.succeededFuture();
    }
    return claimAndSend(tenant, v, plan, trigger, failed.provider(), now);
  }
}
