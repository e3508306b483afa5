package dev.otpgateway.bench;

/**
 * Saturation: {@code connections} senders, each sending its next start as soon as its previous one
 * is answered, until the end of the run. With as many connections in the pool as senders, each
 * sender has a keep-alive connection to itself. Latency counts from each actual send: in a closed
 * loop a slow answer delays the next send, so throughput, not latency, is what this mode measures.
 */
final class ClosedLoop {
  private final StartSender sender;
  private final int connections;
  // One Runnable for every send rather than a new method reference each time.
  private final Runnable afterAnswer = this::sendNext;
  private long until;
  private Runnable whenAllAnswered;
  private int running;

  ClosedLoop(StartSender sender, int connections) {
    this.sender = sender;
    this.connections = connections;
  }

  /** On the event loop: starts the senders; they stop sending at {@code until}. */
  void run(long until, Runnable whenAllAnswered) {
    this.until = until;
    this.whenAllAnswered = whenAllAnswered;
    running = connections;
    for (int i = 0; i < connections; i++) {
      sendNext();
    }
  }

  private void sendNext() {
    long now = System.nanoTime();
    if (now >= until) {
      if (--running == 0) {
        whenAllAnswered.run();
      }
      return;
    }
    sender.send(now, afterAnswer);
  }
}
