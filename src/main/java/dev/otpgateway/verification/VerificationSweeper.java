package dev.otpgateway.verification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Background work on the verifications this member owns. Every second it expires live verifications
 * whose code's lifetime is over, so an expiry is an event like any other change (the ledger records
 * it, the tenant hears of it). When a member leaves, it adopts the events that member had emitted
 * but perhaps not yet written to the ledger, and publishes them again: their ids are unchanged, so
 * a ledger that already has one keeps it once. It looks again a few seconds later, when the
 * departed member's partitions have settled on their new owners.
 */
public final class VerificationSweeper {
  private static final Logger LOG = Logger.getLogger(VerificationSweeper.class.getName());

  /** Expiries handled per sweep; the rest wait a second, so one sweep never floods the ledger. */
  private static final int EXPIRIES_PER_SWEEP = 2_000;

  /** When to look for orphaned events after a member left: partitions migrate meanwhile. */
  private static final long[] ADOPT_AFTER_MS = {500, 5_000, 15_000};

  private final Vertx vertx;
  private final VerificationStore store;
  private final VerificationRecords records;
  private final Membership membership;
  private final Clock clock;
  private final AtomicBoolean expiring = new AtomicBoolean();
  private long timer = -1;

  public VerificationSweeper(
      Vertx vertx,
      VerificationStore store,
      VerificationRecords records,
      Membership membership,
      Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.records = records;
    this.membership = membership;
    this.clock = clock;
  }

  public void start() {
    timer = vertx.setPeriodic(1_000, id -> expire());
    membership.onMemberLeft(
        () -> {
          for (long delay : ADOPT_AFTER_MS) {
            vertx.setTimer(delay, id -> adoptOrphans());
          }
        });
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Expires what is due now; a sweep still running is not overlapped. */
  public Future<Integer> expire() {
    if (!expiring.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    long now = clock.millis();
    return vertx
        .executeBlocking(() -> store.expiredLocally(now, EXPIRIES_PER_SWEEP), false)
        .compose(ids -> each(ids, id -> records.update(id, null, new Transition.Expire(now))))
        .onFailure(e -> LOG.log(Level.WARNING, "expiry sweep failed", e))
        .onComplete(done -> expiring.set(false));
  }

  /** Adopts and republishes the events of members that left. */
  public Future<Integer> adoptOrphans() {
    long now = clock.millis();
    Set<String> members = membership.current();
    return vertx
        .executeBlocking(() -> store.holdingOrphanedEvents(members, now), false)
        .compose(
            ids -> {
              if (!ids.isEmpty()) {
                LOG.info(
                    "republishing the events of a departed member held by "
                        + ids.size()
                        + " verifications");
              }
              return each(ids, id -> records.update(id, null, new Transition.Adopt(members, now)));
            })
        .onFailure(e -> LOG.log(Level.WARNING, "adopting a departed member's events failed", e));
  }

  private static Future<Integer> each(
      Set<String> ids, java.util.function.Function<String, Future<?>> action) {
    List<Future<?>> all = new ArrayList<>(ids.size());
    for (String id : ids) {
      all.add(action.apply(id));
    }
    return Future.join(all).map(done -> ids.size());
  }
}
