package dev.otpgateway.verification;

import dev.otpgateway.errors.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Whether this member takes a new start now, and what it still has in flight. A start is refused
 * with 503 and {@code Retry-After} before anything is counted or stored when the member is near its
 * heap budget (DESIGN §6: memory is bounded), when its ledger has fallen behind, or when it is
 * shutting down. Checks, reads, cancels and receipts never pass here, so they keep working in all
 * three cases.
 *
 * <p>These refusals shed load; they are not a verification's change of state. No verification
 * exists yet and the client is told to come back (or go to another member), so they are counted in
 * {@code otp_admission_refused_total{reason}} and not published as {@code refused} events: the
 * ledger records verifications, and writing to it is the last thing a member short of memory or
 * behind on its ledger should do more of.
 */
public final class Admission {
  /** Why a start was not admitted: the {@code reason} label of the refusals' metric. */
  public enum Reason {
    HEAP_BUDGET(2, "this member is near its memory budget; try again shortly, or another member"),
    LEDGER_BEHIND(5, "the ledger is behind on this member; try again shortly, or another member"),
    SHUTTING_DOWN(1, "this member is shutting down; try again, or another member");

    private final long retryAfterSeconds;
    private final String detail;

    Reason(long retryAfterSeconds, String detail) {
      this.retryAfterSeconds = retryAfterSeconds;
      this.detail = detail;
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    GatewayException problem() {
      return GatewayException.unavailable(wireName(), detail, retryAfterSeconds);
    }
  }

  /**
   * How far the ledger may fall behind before this member takes no new starts: well inside the time
   * an event's copy stays in its verification's outbox, so a member that dies behind loses nothing.
   */
  static final long MAX_LEDGER_LAG_MILLIS = Verification.OUTBOX_HORIZON_MILLIS / 3;

  /** How often a shutdown looks whether the work in flight has finished. */
  private static final long DRAIN_POLL_MILLIS = 20;

  private final Predicate<String> overMemoryBudget;
  private final LongSupplier ledgerLagMillis;
  private final Consumer<String> refusals;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean shuttingDown;

  /**
   * @param overMemoryBudget whether this member's heap budget takes no new start of this tenant
   *     now: the heap still in use is over it, or the pace it holds is spent
   * @param ledgerLagMillis the age of the oldest event not yet in the ledger
   * @param refusals counts a refusal by its reason's wire name
   */
  public Admission(
      Predicate<String> overMemoryBudget, LongSupplier ledgerLagMillis, Consumer<String> refusals) {
    this.overMemoryBudget = overMemoryBudget;
    this.ledgerLagMillis = ledgerLagMillis;
    this.refusals = refusals;
  }

  /**
   * Runs a start when this member takes one, counting it in flight until its future completes;
   * otherwise fails with the 503 of the first reason that holds.
   */
  public <T> Future<T> start(String tenantId, Supplier<Future<T>> start) {
    return track(
        () -> {
          Reason refused = refusal(tenantId);
          if (refused != null) {
            refusals.accept(refused.wireName());
            return Future.failedFuture(refused.problem());
          }
          return start.get();
        });
  }

  /**
   * Counts work that must not be cut by a shutdown (a send to a provider) in flight until its
   * future completes. The count goes up before a start is looked at, so a shutdown that begins in
   * between still waits for it.
   */
  public <T> Future<T> track(Supplier<Future<T>> work) {
    inFlight.incrementAndGet();
    Future<T> running;
    try {
      running = work.get();
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
    return running.andThen(done -> inFlight.decrementAndGet());
  }

  /** From now on every new start is refused ({@link Reason#SHUTTING_DOWN}). */
  public void stopTakingStarts() {
    shuttingDown = true;
  }

  /** Starts and sends this member has in flight. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Completes when nothing is in flight any more, or when {@code bound} has passed: with how many
   * were still in flight then (0 when all finished).
   */
  public Future<Integer> drained(Vertx vertx, Duration bound) {
    Promise<Integer> drained = Promise.promise();
    long deadline = System.nanoTime() + bound.toNanos();
    poll(vertx, deadline, drained);
    return drained.future();
  }

  private void poll(Vertx vertx, long deadlineNanos, Promise<Integer> drained) {
    int left = inFlight.get();
    if (left == 0 || System.nanoTime() - deadlineNanos >= 0) {
      drained.complete(left);
      return;
    }
    vertx.setTimer(DRAIN_POLL_MILLIS, id -> poll(vertx, deadlineNanos, drained));
  }

  private Reason refusal(String tenantId) {
    if (shuttingDown) {
      return Reason.SHUTTING_DOWN;
    }
    if (ledgerLagMillis.getAsLong() > MAX_LEDGER_LAG_MILLIS) {
      return Reason.LEDGER_BEHIND;
    }
    return overMemoryBudget.test(tenantId) ? Reason.HEAP_BUDGET : null;
  }
}
