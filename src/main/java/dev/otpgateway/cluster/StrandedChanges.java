package dev.otpgateway.cluster;

import com.hazelcast.core.IndeterminateOperationStateException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers, soon after a member leaves, the changes to verifications that its departure stranded.
 *
 * <p>A change to a verification waits for its backup copy to confirm (see {@link ClusterState}).
 * When the member holding that copy dies, the confirmation never comes, and Hazelcast 5.6 does not
 * give up on it when the member is declared gone, as it does for other maps: it fails the change (a
 * 503 to the client) only once its backup timeout has passed and its invocation monitor, which
 * looks once a second, next looks. Measured with {@code bench/stall}: 1.7 to 2.3 s after the start,
 * where the rest of the cluster had moved on within half a second.
 *
 * <p>So for a while after each departure, a change still unconfirmed {@code grace} after it was
 * made is answered here with the same 503 Hazelcast would give it later ("not confirmed in time;
 * try again"). The answer means what it means when Hazelcast gives it: the change may or may not
 * have been made, and a client's retry with its idempotency key settles it. Outside that while,
 * nothing is answered early: a slow cluster is not a departed member.
 */
final class StrandedChanges {
  /**
   * Room for the changes that will be confirmed: one whose partition's owner died is retried at its
   * new owner, promoted within about 250 ms of the departure (bench/stall).
   */
  static final Duration GRACE = Duration.ofMillis(500);

  /**
   * Hazelcast's backup timeout (1.5 s, {@link HazelcastSetup#PROPERTIES}), its monitor's next look
   * (up to 1 s), and a margin.
   */
  static final Duration AFTERMATH = Duration.ofSeconds(3);

  /** How often, in the aftermath of a departure, unconfirmed changes are looked at. */
  private static final long LOOK_EVERY_MILLIS = 50;

  private final Vertx vertx;
  private final Context context;
  private final long graceNanos;
  private final long aftermathNanos;
  private final Set<Pending<?>> pending = ConcurrentHashMap.newKeySet();

  // The aftermath's end and its periodic look, touched on `context` only.
  private long watchUntilNanos;
  private long lookTimer = -1;

  /**
   * @param grace how long a change may go unconfirmed after a departure before it is answered here
   * @param aftermath how long after a departure changes are watched: past Hazelcast's own backup
   *     timeout and its monitor's next look, by when it has answered every stranded change itself
   */
  StrandedChanges(Vertx vertx, Duration grace, Duration aftermath) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.graceNanos = grace.toNanos();
    this.aftermathNanos = aftermath.toNanos();
  }

  /** The answer to {@code change}: its own, or the 503 of a stranded change. */
  <T> Future<T> watch(Future<T> change) {
    if (change.isComplete()) {
      return change;
    }
    Context caller = Vertx.currentContext();
    Pending<T> p =
        new Pending<>(caller != null ? caller : vertx.getOrCreateContext(), System.nanoTime());
    pending.add(p);
    // Both this and strand() answer on the caller's context, and only the one that removes the
    // entry answers.
    change.onComplete(
        result -> {
          if (pending.remove(p)) {
            p.answer.handle(result);
          }
        });
    return p.answer.future();
  }

  /** A member left (called on Hazelcast's event thread). */
  void memberLeft() {
    context.runOnContext(
        v -> {
          watchUntilNanos = System.nanoTime() + aftermathNanos;
          if (lookTimer < 0) {
            lookTimer = vertx.setPeriodic(LOOK_EVERY_MILLIS, id -> look());
          }
        });
  }

  private void look() {
    long now = System.nanoTime();
    for (Pending<?> p : pending) {
      if (now - p.madeAtNanos >= graceNanos) {
        p.strand();
      }
    }
    if (now - watchUntilNanos >= 0) {
      vertx.cancelTimer(lookTimer);
      lookTimer = -1;
    }
  }

  /** Changes made and not yet answered: what a test can see. */
  int unanswered() {
    return pending.size();
  }

  private final class Pending<T> {
    final Context context;
    final long madeAtNanos;
    final Promise<T> answer = Promise.promise();

    Pending(Context context, long madeAtNanos) {
      this.context = context;
      this.madeAtNanos = madeAtNanos;
    }

    void strand() {
      context.runOnContext(
          v -> {
            if (pending.remove(this)) {
              answer.fail(
                  ClusterFailures.translate(
                      new IndeterminateOperationStateException(
                          "a member left while this change awaited its backup's confirmation")));
            }
          });
    }
  }
}
