package dev.otpgateway.verification;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Timers that fire even if the member that armed them dies, in every window. The deadline itself is
 * part of the verification's replicated record (a push deadline, a held resend, an attempt's
 * delivery deadline, an open send), written by the same change that arms the timer; this member
 * also sets a local timer so the deadline is met on time. If this member dies or stops, the member
 * that owns the record finds the deadline passed in its sweep and fires the timer there (see {@link
 * VerificationSweeper}), a moment late. So there is no moment in which a timer lives only in one
 * process.
 *
 * <p>A timer can therefore fire twice (the local timer and a sweep, or two sweeps across a
 * migration): every handler claims its work on the record atomically, so the second finds nothing
 * to do.
 */
public final class DurableTimers {
  private final Vertx vertx;
  private final Clock clock;
  private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();

  /** This member's local timers: key to Vert.x timer id. */
  private final Map<String, Long> local = new ConcurrentHashMap<>();

  public DurableTimers(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  /** What to do when a timer of this kind fires; the handler gets the timer's subject. */
  public void on(String kind, Consumer<String> handler) {
    handlers.put(kind, handler);
  }

  /** Sets the local timer for a deadline the record already holds (the caller stored it first). */
  public void arm(String kind, String subject, long dueAtMillis) {
    String key = kind + ':' + subject;
    long timer =
        vertx.setTimer(
            Math.max(1, dueAtMillis - clock.millis()),
            t -> {
              if (local.remove(key) != null) {
                fire(kind, subject);
              }
            });
    Long previous = local.put(key, timer);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  /**
   * Cancels the local timer. The record's deadline stays, but what ended it (a cancel, a receipt,
   * an approval) also ended the work, so a sweep that still finds it does nothing.
   */
  public void disarm(String kind, String subject) {
    Long timer = local.remove(kind + ':' + subject);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** Fires a timer now: its local timer ran out, or a sweep found its deadline passed. */
  public void fire(String kind, String subject) {
    Consumer<String> handler = handlers.get(kind);
    if (handler != null) {
      handler.accept(subject);
    }
  }

  /** Local timers still armed: on a graceful stop, what the owners' sweeps take over. */
  public int armed() {
    return local.size();
  }

  /** Cancels every local timer: the records keep the deadlines for the members that stay. */
  public void stop() {
    local.values().forEach(vertx::cancelTimer);
    local.clear();
  }
}
