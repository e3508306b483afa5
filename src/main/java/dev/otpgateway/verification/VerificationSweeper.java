package dev.otpgateway.verification;

import dev.otpgateway.delivery.AttemptRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Background work on the verifications this member owns. Every second it handles the records that
 * fell due ({@link Verification#dueAt}): it expires those whose code's lifetime is over (an expiry
 * is an event like any other change: the ledger records it, the tenant hears of it), removes those
 * whose retention is over, trims outboxes whose events are long published, and fires the timers
 * whose member did not (it died or stopped: a push deadline, a held resend, a delivery deadline),
 * and settles sends lost with their member. Because a member's partitions move to the survivors
 * when it leaves, the survivors' sweeps cover its records too.
 *
 * <p>It finds them by scanning its records, which costs per record held, so it scans only every
 * {@link #LOOK_AHEAD_MILLIS} and keeps what falls due before the next scan in a schedule. A record
 * changed after a scan can fall due before the next one only through a deadline whose member armed
 * a local timer for it ({@link DurableTimers}), or a send that member has open: the sweep is needed
 * for those only once that member left. So whenever the cluster changes (a member left, or one
 * joined and partitions moved), it scans again at once and three times more as partitions settle.
 * The code's expiry (at least a minute away), an outbox's trim (30 s after its events) and the end
 * of the retention always lie beyond the next scan of the record's owner, except for a record that
 * moved to this member after the last scan of its old owner: its expiry event may come up to a
 * look-ahead late, if its migration took longer than the rescans cover. A reader sees it expired on
 * time all the same.
 *
 * <p>When a member leaves, it also adopts the events that member had emitted but perhaps not yet
 * written to the ledger, and publishes them again: their ids are unchanged, so a ledger that
 * already has one keeps it once. It looks again a few seconds later, when the departed member's
 * partitions have settled on their new owners.
 */
public final class VerificationSweeper {
  private static final Logger LOG = Logger.getLogger(VerificationSweeper.class.getName());

  /**
   * How far ahead a scan looks, and so how often it runs: well inside the shortest code lifetime
   * and an outbox's horizon, so what a record's change brings due is seen by a later scan in time.
   */
  private static final long LOOK_AHEAD_MILLIS = 10_000;

  /** Records handled per sweep; the rest wait a second, so one sweep never floods the ledger. */
  private static final int DUE_PER_SWEEP = 2_000;

  /** Records a schedule holds at most; past it, the scan waits for it to drain. */
  private static final int SCHEDULED_AT_MOST = 50_000;

  /**
   * When to look over the records again after the cluster changed, and for orphaned events after a
   * member left: partitions migrate meanwhile.
   */
  private static final long[] AFTER_A_CHANGE_MS = {500, 5_000, 15_000};

  private static final Comparator<VerificationStore.Due> BY_TIME =
      Comparator.comparingLong(VerificationStore.Due::at).thenComparing(VerificationStore.Due::id);

  private final Vertx vertx;
  private final VerificationStore store;
  private final VerificationRecords records;
  private final DurableTimers timers;
  private final Membership membership;
  private final Clock clock;
  private final AtomicBoolean sweeping = new AtomicBoolean();

  /** What falls due before the next scan, earliest first. Guarded by {@code this}. */
  private final NavigableSet<VerificationStore.Due> scheduled = new TreeSet<>(BY_TIME);

  /** When the next scan is due (epoch ms; 0: at the next sweep). Guarded by {@code this}. */
  private long nextScanAt;

  /**
   * How far the last complete scan looked: a record settled from the schedule whose next due time
   * lies within it is scheduled again, since no scan saw that time. Guarded by {@code this}.
   */
  private long scannedUntil;

  /** How often {@link #lookAgain} was asked, so a request during a scan is not lost. */
  private long lookAgainRequests;

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
          lookAgain();
          for (long delay : AFTER_A_CHANGE_MS) {
            vertx.setTimer(
                delay,
                id -> {
                  lookAgain();
                  adoptOrphans();
                });
          }
        });
    membership.onMemberJoined(
        () -> {
          for (long delay : AFTER_A_CHANGE_MS) {
            vertx.setTimer(delay, id -> lookAgain());
          }
        });
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Scans all of this member's records at the next sweep instead of when the look-ahead runs out:
   * the cluster changed, so deadlines whose member left, and records that moved here, may fall due
   * before that.
   */
  public synchronized void lookAgain() {
    lookAgainRequests++;
    nextScanAt = 0;
  }

  /** Handles what fell due by now; a sweep still running is not overlapped. */
  public Future<Integer> sweep() {
    if (!sweeping.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    long now = clock.millis();
    Set<String> members = membership.current();
    return vertx
        .executeBlocking(
            () -> {
              scanIfDue(members, now);
              return takeDue(now);
            },
            false)
        .compose(ids -> each(ids, id -> settle(id, members, now)))
        .onFailure(e -> LOG.log(Level.WARNING, "sweep failed", e))
        .onComplete(done -> sweeping.set(false));
  }

  private void scanIfDue(Set<String> members, long now) {
    int room;
    long requests;
    synchronized (this) {
      room = SCHEDULED_AT_MOST - scheduled.size();
      requests = lookAgainRequests;
      if (now < nextScanAt || room <= 0) {
        return;
      }
    }
    long until = now + LOOK_AHEAD_MILLIS;
    List<VerificationStore.Due> found = store.dueLocally(members, until, room);
    synchronized (this) {
      // A scan cut short by the schedule's bound looks again next second, as the schedule drains.
      // A record scheduled twice (an earlier scan saw it due later) is settled twice: harmless,
      // since settling claims what it acts on.
      scheduled.addAll(found);
      if (found.size() < room) {
        scannedUntil = until;
        nextScanAt = until;
      } else {
        nextScanAt = now + 1_000;
      }
      if (lookAgainRequests != requests) {
        // The cluster changed while this scan ran, perhaps after it passed the records concerned.
        nextScanAt = 0;
      }
    }
  }

  /**
   * Schedules a record's next due time when it lies within what the last scan covered: a scan would
   * not see it in time.
   */
  private synchronized void schedule(String id, long at) {
    if (at <= scannedUntil) {
      scheduled.add(new VerificationStore.Due(id, at));
    }
  }

  /** Takes from the schedule what fell due by now, at most a sweep's worth. */
  private synchronized Set<String> takeDue(long now) {
    Set<String> ids = new HashSet<>();
    while (ids.size() < DUE_PER_SWEEP && !scheduled.isEmpty() && scheduled.first().at() <= now) {
      ids.add(scheduled.pollFirst().id());
    }
    return ids;
  }

  private Future<?> settle(String id, Set<String> members, long now) {
    return records
        .update(id, null, new Transition.Settle(members, now))
        .onSuccess(
            settled -> {
              if (settled == null) {
                return;
              }
              schedule(id, settled.verification().dueAt(members));
              if (!settled.result().any()) {
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
