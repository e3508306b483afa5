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

  /** Takes the timer away so it never fires; true when it was still armed. */
  public Future<Boolean> disarm(String kind, String subject) {
    return store.claim(kind + ':' + subject);
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
