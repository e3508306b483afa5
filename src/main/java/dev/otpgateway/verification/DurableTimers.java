package dev.otpgateway.verification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Timers that fire once, even if the node that armed them dies. Each is kept in the shared {@link
 * TimerStore} and also set as a local Vert.x timer; whoever claims the stored entry first fires it.
 * A periodic sweep on every node claims due timers in the partitions it owns, which after a node's
 * death include the dead node's.
 */
public final class DurableTimers {
  private static final Logger LOG = Logger.getLogger(DurableTimers.class.getName());

  private final Vertx vertx;
  private final TimerStore store;
  private final Clock clock;
  private final Duration sweepEvery;
  private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();

  /** Timers armed after a grace that is still running: key to due time. */
  private final Map<String, Long> pendingLocally = new ConcurrentHashMap<>();

  private long sweepTimer = -1;

  public DurableTimers(Vertx vertx, TimerStore store, Clock clock, Duration sweepEvery) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.sweepEvery = sweepEvery;
  }

  /** What to do when a timer of this kind fires; the handler gets the timer's subject. */
  public void on(String kind, Consumer<String> handler) {
    handlers.put(kind, handler);
  }

  public Future<Void> arm(String kind, String subject, long dueAtMillis) {
    String key = kind + ':' + subject;
    return store
        .arm(key, dueAtMillis)
        .onSuccess(v -> vertx.setTimer(Math.max(1, dueAtMillis - clock.millis()), t -> fire(key)));
  }

  /**
   * Arms a timer that is usually disarmed soon (a delivery timeout, which a receipt ends): it is
   * kept only on this node for {@code grace}, and written to the shared store only if still armed
   * then. Most timers never cost a shared-state operation; the price is that one armed here is lost
   * if this node dies within {@code grace}. Its handler must check that the timer still matters.
   */
  public void armAfterGrace(String kind, String subject, long dueAtMillis, Duration grace) {
    String key = kind + ':' + subject;
    long graceEnd = Math.min(dueAtMillis, clock.millis() + grace.toMillis());
    pendingLocally.put(key, dueAtMillis);
    vertx.setTimer(
        Math.max(1, graceEnd - clock.millis()),
        t -> {
          if (pendingLocally.remove(key) == null) {
            return; // disarmed within the grace
          }
          arm(kind, subject, dueAtMillis)
              .onFailure(e -> LOG.log(Level.WARNING, "timer " + key + " could not be stored", e));
        });
  }

  /**
   * Takes the timer away so it never fires; true when it was still armed. A timer still in its
   * grace on this node goes without touching the shared store.
   */
  public Future<Boolean> disarm(String kind, String subject) {
    String key = kind + ':' + subject;
    if (pendingLocally.remove(key) != null) {
      return Future.succeededFuture(true);
    }
    return store.claim(key);
  }

  public void start() {
    sweepTimer = vertx.setPeriodic(sweepEvery.toMillis(), id -> sweep());
  }

  public void stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
  }

  private void sweep() {
    vertx
        .executeBlocking(() -> store.dueLocally(clock.millis()), false)
        .onSuccess(keys -> keys.forEach(this::fire))
        .onFailure(e -> LOG.log(Level.WARNING, "timer sweep failed", e));
  }

  private void fire(String key) {
    store
        .claim(key)
        .onSuccess(
            claimed -> {
              if (!claimed) {
                return;
              }
              int colon = key.indexOf(':');
              Consumer<String> handler = handlers.get(key.substring(0, colon));
              if (handler != null) {
                handler.accept(key.substring(colon + 1));
              }
            })
        .onFailure(e -> LOG.log(Level.WARNING, "timer " + key + " could not be claimed", e));
  }
}
