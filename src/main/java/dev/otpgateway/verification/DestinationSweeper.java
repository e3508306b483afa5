package dev.otpgateway.verification;

import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes the numbers' destination states this member owns once they ended (their rate window is
 * empty and their code dead), every {@link #EVERY_MILLIS}. They carry no time-to-live (see {@link
 * DestinationStore#removeEndedLocally}), so a state may outlive its end by that much, against an
 * hour's life. Whoever owns a record's partition sweeps it, so a departed member's records are
 * swept by the survivors that took its partitions.
 */
public final class DestinationSweeper {
  private static final Logger LOG = Logger.getLogger(DestinationSweeper.class.getName());

  /** How often the records are scanned: a scan reads the front of each record held. */
  private static final long EVERY_MILLIS = 10_000;

  private final Vertx vertx;
  private final DestinationStore store;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private long timer = -1;

  public DestinationSweeper(Vertx vertx, DestinationStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  public void start() {
    timer = vertx.setPeriodic(EVERY_MILLIS, id -> sweep());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** One scan, off the event loop; a scan still running is not overlapped. */
  private void sweep() {
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    vertx
        .executeBlocking(store::removeEndedLocally, false)
        .onFailure(e -> LOG.log(Level.WARNING, "removing ended destination records failed", e))
        .onComplete(done -> sweeping.set(false));
  }
}
