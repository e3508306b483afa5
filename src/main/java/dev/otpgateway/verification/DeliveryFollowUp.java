package dev.otpgateway.verification;

import dev.otpgateway.delivery.DeliveryQuality;
import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.metrics.Metrics;
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
  private final VerificationStore store;
  private final DeliveryService delivery;
  private final DeliveryQuality quality;
  private final RoutePlanner planner;
  private final CodeSender sender;
  private final DurableTimers timers;
  private final TenantService tenants;
  private final Metrics metrics;
  private final StatusCallbacks callbacks;
  private final Clock clock;

  public DeliveryFollowUp(
      Vertx vertx,
      VerificationStore store,
      DeliveryService delivery,
      DeliveryQuality quality,
      RoutePlanner planner,
      CodeSender sender,
      DurableTimers timers,
      TenantService tenants,
      Metrics metrics,
      StatusCallbacks callbacks,
      Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.delivery = delivery;
    this.quality = quality;
    this.planner = planner;
    this.sender = sender;
    this.timers = timers;
    this.tenants = tenants;
    this.metrics = metrics;
    this.callbacks = callbacks;
    this.clock = clock;
    timers.on(CodeSender.DELIVERY_TIMER, this::deliveryTimedOut);
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
              String delivery =
                  receipt.status() == DeliveryReceipt.Status.DELIVERED ? "delivered" : "failed";
              long at = receipt.at() == null ? clock.millis() : receipt.at().toEpochMilli();
              return apply(ref, provider, delivery, at);
            });
  }

  private Future<Boolean> apply(AttemptRef ref, String provider, String delivery, long at) {
    return apply(ref, provider, delivery, at, 0);
  }

  private Future<Boolean> apply(
      AttemptRef ref, String provider, String delivery, long at, int tries) {
    return store
        .update(ref.id(), null, new Transition.ApplyReceipt(ref.number(), provider, delivery, at))
        .compose(
            updated -> {
              if (updated != null
                  && updated.result() == Verification.ReceiptEffect.NOT_YET
                  && tries < NOT_YET_RETRIES) {
                // The receipt overtook the record of the send: try again once the send is recorded.
                Promise<Boolean> later = Promise.promise();
                vertx.setTimer(
                    50L << tries,
                    t -> apply(ref, provider, delivery, at, tries + 1).onComplete(later));
                return later.future();
              }
              if (updated == null || updated.result() != Verification.ReceiptEffect.APPLIED) {
                return Future.succeededFuture(false);
              }
              Verification v = updated.verification();
              Attempt attempt = v.attempt(ref.number());
              timers.disarm(CodeSender.DELIVERY_TIMER, ref.subject());
              String region = v.route() == null ? "unknown" : v.route().region();
              if ("delivered".equals(delivery)) {
                // Receipt minus send, as this node saw them: providers' own timestamps can be whole
                // seconds, which would make a fast delivery look instant.
                double latencyMs = Math.max(0, clock.millis() - attempt.at());
                quality.delivered(provider, latencyMs);
                metrics.delivery(provider, region, latencyMs / 1000.0);
                metrics.message(provider, region, attempt.channel(), "delivered");
                announce(v, "delivered");
                return Future.succeededFuture(true);
              }
              quality.failed(provider);
              metrics.message(provider, region, attempt.channel(), "undelivered");
              announce(v, "undelivered");
              return failOver(v, attempt, "failure_receipt").map(true);
            });
  }

  private void announce(Verification v, String event) {
    tenants.get(v.tenantId()).onSuccess(tenant -> callbacks.changed(tenant, v, event));
  }

  /** No receipt in time: revoke an RCS message first, then send the code another way. */
  private void deliveryTimedOut(String subject) {
    AttemptRef ref = AttemptRef.parse(subject);
    if (ref == null) {
      return;
    }
    store
        .get(ref.id())
        .compose(
            v -> {
              Attempt attempt = v == null ? null : v.attempt(ref.number());
              if (attempt == null || !attempt.awaitingReceipt()) {
                return Future.succeededFuture();
              }
              Provider provider = delivery.provider(attempt.provider());
              if (provider instanceof RcsProvider rcs) {
                return rcs.revoke(
                        delivery.message(
                            ref.subject(), v.to(), null, Duration.ofMillis(1), attempt.provider()))
                    .compose(
                        revoked ->
                            revoked
                                ? timedOut(ref, v, attempt, "revoked", "rcs_not_delivered")
                                : apply(ref, attempt.provider(), "delivered", clock.millis())
                                    .mapEmpty());
              }
              return timedOut(ref, v, attempt, "timed_out", "delivery_timeout");
            })
        .onFailure(
            e -> LOG.log(Level.WARNING, "delivery timeout of " + subject + " not handled", e));
  }

  private Future<Void> timedOut(
      AttemptRef ref, Verification v, Attempt attempt, String delivery, String reason) {
    return store
        .update(
            ref.id(),
            null,
            new Transition.ApplyReceipt(ref.number(), attempt.provider(), delivery, clock.millis()))
        .compose(
            updated -> {
              if (updated == null || updated.result() != Verification.ReceiptEffect.APPLIED) {
                return Future.succeededFuture();
              }
              quality.failed(attempt.provider());
              String region = v.route() == null ? "unknown" : v.route().region();
              metrics.message(attempt.provider(), region, attempt.channel(), "undelivered");
              return failOver(updated.verification(), attempt, reason);
            });
  }

  /**
   * Sends the same code through the best candidate not yet tried without success, while the code is
   * live. A failover is not a new send: it doesn't count toward the rate limit.
   */
  private Future<Void> failOver(Verification v, Attempt failed, String reason) {
    long now = clock.millis();
    if (!v.status().isLive() || now >= v.expiresAt()) {
      return Future.succeededFuture();
    }
    Set<String> exclude = new HashSet<>();
    for (Attempt a : v.attempts()) {
      if (!a.accepted()
          || a.delivery().equals("failed")
          || a.delivery().equals("timed_out")
          || a.delivery().equals("revoked")) {
        exclude.add(a.provider());
      }
    }
    return tenants
        .get(v.tenantId())
        .compose(
            tenant ->
                planner
                    .plan(VerificationStarter.planRequest(tenant, v, exclude))
                    .compose(plan -> sendVia(tenant, v, plan, failed, reason, now)));
  }

  private Future<Void> sendVia(
      Tenant tenant, Verification v, RoutePlan plan, Attempt failed, String reason, long now) {
    if (plan.refused() || plan.candidates().isEmpty()) {
      LOG.info(() -> "no provider left to fail " + v.id() + " over to after " + failed.provider());
      return Future.succeededFuture();
    }
    return store
        .update(v.id(), null, new Transition.BeginSend(now, plan.candidates().size(), false))
        .compose(
            begun -> {
              if (begun == null || begun.result() == 0) {
                return Future.succeededFuture();
              }
              metrics.failover(failed.provider(), plan.candidates().get(0).provider(), reason);
              Verification current = begun.verification();
              return sender
                  .send(
                      tenant,
                      current,
                      sender.code(current),
                      plan,
                      begun.result(),
                      "failover:" + reason)
                  .mapEmpty();
            });
  }

  /** A reference {@code ver_<id>.<attempt>}, as sent to providers and named by receipts. */
  record AttemptRef(String id, int number) {
    static AttemptRef parse(String reference) {
      if (reference == null) {
        return null;
      }
      int dot = reference.lastIndexOf('.');
      if (dot <= 0 || !reference.startsWith("ver_")) {
        return null;
      }
      try {
        return new AttemptRef(
            reference.substring(0, dot), Integer.parseInt(reference.substring(dot + 1)));
      } catch (NumberFormatException e) {
        return null;
      }
    }

    String subject() {
      return id + "." + number;
    }
  }
}
