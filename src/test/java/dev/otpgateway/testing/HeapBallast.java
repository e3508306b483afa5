package dev.otpgateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Heap held on purpose, so that a gateway running in this JVM really is near its heap budget (its
 * {@code admission.heap_percent}), without sending it hundreds of thousands of starts.
 */
public final class HeapBallast {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private final List<byte[]> chunks = new ArrayList<>();

  /**
   * A heap budget, in percent of the maximum heap, {@code headroom} points above what this JVM uses
   * now: a gateway started with it takes starts until ballast is added.
   */
  public static int budgetAboveNow(int headroom) {
    System.gc();
    int percent = (int) (MEMORY.getHeapMemoryUsage().getUsed() * 100 / max()) + headroom;
    assertThat(percent).as("this JVM's heap has room for ballast").isLessThanOrEqualTo(90);
    return percent;
  }

  /**
   * Adds ballast in steps of half a percent of the heap, collecting after each so that the
   * collector's reading follows, until {@code reached} answers something other than null; fails
   * when the heap filled to 95% first.
   */
  public <T> T fillUntil(String what, Supplier<T> reached) {
    int chunk = (int) Math.min(Integer.MAX_VALUE - 16, max() / 200);
    while (MEMORY.getHeapMemoryUsage().getUsed() + chunk < max() / 100 * 95) {
      chunks.add(new byte[chunk]);
      System.gc();
      T answer = reached.get();
      if (answer != null) {
        return answer;
      }
    }
    throw new AssertionError("the heap filled up to 95% of its maximum before " + what);
  }

  /** Lets the ballast go (the next collection frees it). */
  public void release() {
    chunks.clear();
  }

  private static long max() {
    return MEMORY.getHeapMemoryUsage().getMax();
  }
}
