package dev.otpgateway.app;

import java.util.logging.LogManager;

/**
 * The JVM's log manager, except that it stays open while the gateway shuts down. The standard one
 * closes every handler from its own shutdown hook, which runs at the same time as the gateway's:
 * what a stopping member logs (starts refused, work drained, the cluster left) would be lost just
 * when an operator needs it. This one ignores that hook's reset; the gateway's hook closes it when
 * it is done ({@link #closeAfterShutdown}). {@link Main} names it in {@code
 * java.util.logging.manager} before anything logs.
 */
public final class ShutdownLogManager extends LogManager {
  private static final String CLEANER = LogManager.class.getName() + "$Cleaner";

  private volatile boolean closing;

  @Override
  public void reset() {
    // LogManager's own shutdown hook is a thread of its class Cleaner; every other reset (a
    // configuration change, or ours after the gateway stopped) goes through.
    if (closing || !Thread.currentThread().getClass().getName().equals(CLEANER)) {
      super.reset();
    }
  }

  /** Closes the handlers once the gateway has logged its last line. */
  static void closeAfterShutdown() {
    if (LogManager.getLogManager() instanceof ShutdownLogManager manager) {
      manager.closing = true;
      manager.reset();
    }
  }
}
