package dev.otpgateway.bench;

import io.vertx.core.Context;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends starts on a fixed schedule, the k-th due at {@code start + k / rate}, whether or not the
 * gateway keeps up. Latency counts from when a start was due, not from when it went out, so a
 * stalled gateway (or driver) shows in the percentiles instead of thinning out the sends
 * (coordinated omission). A start due while {@code maxInFlight} are unanswered is not sent and
 * counts as an error.
 *
 * <p>Why a pacer thread: a Vert.x timer shorter than a millisecond makes Netty's NIO event loop
 * poll without sleeping (measured: a whole core at 4,000/s). The pacer sleeps with {@link
 * LockSupport#parkNanos} and hands the starts due by then to the event loop, which sends them.
 *
 * <p>Why a tick: waking for every single start costs the driver about twice the CPU (measured at
 * 4,000/s against the stub: 40% of a core woken per start, 20% with a 1 ms tick), CPU the gateway
 * then lacks on a 2-core box. With a tick the pacer wakes at most once per tick and sends what fell
 * due meanwhile, each start up to a tick late. That lateness is recorded as the send lag and stays
 * inside the latency (which counts from the due time), so it can only make the gateway look slower,
 * never faster; {@code --tick-us 0} wakes for every start.
 */
final class OpenLoop {
  private final Context eventLoop;
  private final StartSender sender;
  private final Recorder recorder;
  private final double nanosPerStart;
  private final int maxInFlight;
  private final long tickNanos;

  OpenLoop(
      Context eventLoop,
      StartSender sender,
      Recorder recorder,
      int rate,
      int maxInFlight,
      long tickNanos) {
    this.eventLoop = eventLoop;
    this.sender = sender;
    this.recorder = recorder;
    this.nanosPerStart = 1e9 / rate;
    this.maxInFlight = maxInFlight;
    this.tickNanos = tickNanos;
  }

  /**
   * Paces starts due in [start, until) on a new thread, then runs {@code whenAllSent} on the event
   * loop.
   */
  void run(long start, long until, Runnable whenAllSent) {
    Thread pacer =
        new Thread(
            () -> {
              pace(start, until);
              eventLoop.runOnContext(v -> whenAllSent.run());
            },
            "open-loop-pacer");
    pacer.setDaemon(true);
    pacer.start();
  }

  private void pace(long start, long until) {
    long k = 0;
    while (true) {
      long now = System.nanoTime();
      long first = k;
      while (dueAt(start, k) <= now && dueAt(start, k) < until) {
        k++;
      }
      if (k > first) {
        long from = first;
        long to = k;
        eventLoop.runOnContext(v -> sendDue(start, from, to));
      }
      long next = dueAt(start, k);
      if (next >= until) {
        return;
      }
      LockSupport.parkNanos(Math.max(next, now + tickNanos) - System.nanoTime());
    }
  }

  private long dueAt(long start, long k) {
    return start + (long) (k * nanosPerStart);
  }

  /** On the event loop: sends starts {@code from} (inclusive) to {@code to} (exclusive). */
  private void sendDue(long start, long from, long to) {
    for (long k = from; k < to; k++) {
      long due = dueAt(start, k);
      if (sender.inFlight() >= maxInFlight) {
        recorder.notIssued(due);
      } else {
        sender.send(due, null);
      }
    }
  }
}
