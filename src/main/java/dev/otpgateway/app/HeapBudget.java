package dev.otpgateway.app;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Whether this member is near its heap budget: a share of the maximum heap that the state it holds
 * (live verifications, rate windows, counters, their backups) may fill before new starts are
 * refused (DESIGN §6: memory is bounded).
 *
 * <p>The measure is the heap still in use after the last garbage collection, which every collector
 * reports when it finishes: garbage does not count, so a busy member with a full young generation
 * is not refused, and one whose live state really grows is refused long before it thrashes. A
 * reading can be stale, because collections come with allocation and an idle member allocates
 * little; so a start is refused only when the heap in use right now, which the live state cannot
 * exceed, is over the budget as well. A member that sheds load goes on collecting (every refused
 * request allocates), so its reading comes down as soon as expiry has removed what it held.
 */
final class HeapBudget implements BooleanSupplier, AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final long budgetBytes;
  private final Set<String> heapPools;
  private final List<NotificationEmitter> collectors = new ArrayList<>();
  private final NotificationListener listener = this::collected;
  private volatile long usedAfterCollection;

  /**
   * @param percent the share of the maximum heap ({@code -Xmx}) the live state may fill, 1 to 95
   */
  HeapBudget(int percent) {
    long max = memory.getHeapMemoryUsage().getMax();
    if (max <= 0) {
      // No maximum (not the case on HotSpot): the heap committed now stands in for it.
      max = memory.getHeapMemoryUsage().getCommitted();
    }
    this.budgetBytes = max / 100 * percent;
    this.heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    // Until the first collection reports, what is in use now is the (pessimistic) reading.
    this.usedAfterCollection = memory.getHeapMemoryUsage().getUsed();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        collectors.add(emitter);
      }
    }
  }

  /** Whether new starts are to be refused now. */
  @Override
  public boolean getAsBoolean() {
    return usedAfterCollection > budgetBytes && memory.getHeapMemoryUsage().getUsed() > budgetBytes;
  }

  long budgetBytes() {
    return budgetBytes;
  }

  /** The heap in use after the last collection (before the first: in use when this began). */
  long usedAfterCollection() {
    return usedAfterCollection;
  }

  private void collected(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool :
        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    usedAfterCollection = used;
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : collectors) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // Already gone: nothing to remove.
      }
    }
  }
}
