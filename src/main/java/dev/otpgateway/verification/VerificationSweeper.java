package dev.otpgateway.verification;

import dev.otpgateway.delivery.AttemptRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Background work on the verifications this member owns. Every second it looks at the records that
 * fell due ({@link Verification#dueAt}): it expires those whose code's lifetime is over (an expiry
 * is an event like any other change: the ledger records it, the tenant hears of it), trims outboxes
 * whose events are long published, and fires the timers whose member did not (it died or stopped: a
 * push deadline, a held resend, a delivery deadline), and settles sends lost with their member.
 * Because a member's partitions move to the survivors when it leaves, the survivors' sweeps cover
 * its records too.
 *
 * <p>When a member leaves, it also adopts the events that member had emitted but perhaps not yet
 * written to the ledger, and publishes them again: their ids are unchanged, so a ledger that
 * already has one keeps it once. It looks again a few seconds later, when the departed member's
 * partitions have settled on their new owners.
 */
public final class VerificationSweeper {
  private static final Logger LOG = Logger.getLogger(VerificationSweeper.class.getName());

  /** Records looked at per sweep; the rest wait a second, so one sweep never floods the ledger. */
  private static final int DUE_PER_SWEEP = 2_000;

  /** When to look for orphaned events after a member left: partitions migrate meanwhile. */
  private static final long[] ADOPT_AFTER_MS = {500, 5_000, 15_000};

  private final Vertx vertx;
  private final VerificationStore store;
  private final VerificationRecords records;
  private final DurableTimers timers;
  private final Membership membership;
  private final Clock clock;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private long timer = -1;

  public VerificationSweeper(
      Vertx vertx,
      VerificationStore store,
      VerificationRecords records,
      DurableTimers timers,
      Membership membership,
      Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.records = records;
    this.timers = timers;
    this.membership = membership;
    this.clock = clock;
  }

  public void start() {
    timer = vertx.setPeriodic(1_000, id -> sweep());
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

  /** Handles what fell due by now; a sweep still running is not overlapped. */
  public Future<Integer> sweep() {
    if (!sweeping.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    long now = clock.millis();
    Set<String> members = membership.current();
    return vertx
        .executeBlocking(() -> store.dueLocally(members, now, DUE_PER_SWEEP), false)
        .compose(ids -> each(ids, id -> settle(id, members, now)))
        .onFailure(e -> LOG.log(Level.WARNING, "sweep failed", e))
        .onComplete(done -> sweeping.set(false));
  }

  private Future<?> settle(String id, Set<String> members, long now) {
    return records
        .update(id, null, new Transition.Settle(members, now))
        .onSuccess(
            settled -> {
              if (settled == null || !settled.result().any()) {
                return;
              }
              Verification.Due due = settled.result();
              if (due.push()) {
                timers.fire(VerificationStarter.PUSH_TIMER, id);
              }
              if (due.heldResend()) {
                timers.fire(VerificationStarter.PUSH_RESEND_TIMER, id);
              }
              for (int attempt : due.deliveries()) {
                timers.fire(CodeSender.DELIVERY_TIMER, new AttemptRef(id, attempt).toString());
              }
              for (int claim : due.lostSends()) {
                timers.fire(DeliveryFollowUp.LOST_SEND, new AttemptRef(id, claim).toString());
              }
            });
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

  private static Future<Integer> each(Set<String> ids, Function<String, Future<?>> action) {
    List<Future<?>> all = new ArrayList<>(ids.size());
    for (String id : ids) {
      all.add(action.apply(id));
    }
    return Future.join(all).map(done -> ids.size());
  }
}
