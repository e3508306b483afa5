package dev.otpgateway.abuse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs of near-consecutive numbers: a bot walking a range asks for +1 202 555 0101, 0102, 0104, ...
 * within minutes; people's numbers are scattered. Per tenant and 8-digit prefix, the numbers of the
 * last ten minutes are kept (64 at most); a start counts how many of them lie within {@link #SPAN}
 * of its own. A number whose code was approved leaves the run: a person entered it, so it is no
 * bot's step (neighbours who all sign up, a family or a team, are never a run). Kept on each member
 * alone: a run spread over members round-robin still shows on each, its numbers only further apart,
 * which the span allows for; an approval handled by another member leaves the number counted here,
 * which errs toward refusing.
 */
public final class SequenceWatch {
  /** How far apart two numbers of one run may be. */
  static final long SPAN = 50;

  private static final long WINDOW_MS = 10 * 60_000;
  private static final int KEPT = 64;

  /** Every this many records, prefixes with nothing recent are forgotten. */
  private static final int SWEEP_EVERY = 4_096;

  private final Map<String, Deque<long[]>> recent = new ConcurrentHashMap<>();
  private final AtomicInteger records = new AtomicInteger();

  /**
   * Records a start's number and answers how many distinct numbers of the last ten minutes, this
   * one included, lie within the span of it.
   */
  public int record(String tenant, String e164, long now) {
    if (records.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep(now);
    }
    return near(tenant, e164, now, true);
  }

  /** A code to this number was approved: it no longer counts toward a run. */
  public void approved(String tenant, String e164) {
    Deque<long[]> numbers = recent.get(key(tenant, e164));
    if (numbers != null) {
      long number = number(e164);
      synchronized (numbers) {
        numbers.removeIf(n -> n[0] == number);
      }
    }
  }

  /** What {@link #record} would answer for this number now, without recording it. */
  public int peek(String tenant, String e164, long now) {
    return near(tenant, e164, now, false);
  }

  private int near(String tenant, String e164, long now, boolean record) {
    String key = key(tenant, e164);
    long number = number(e164);
    Deque<long[]> numbers =
        record ? recent.computeIfAbsent(key, k -> new ArrayDeque<>()) : recent.get(key);
    if (numbers == null) {
      return 1;
    }
    synchronized (numbers) {
      Iterator<long[]> old = numbers.iterator();
      while (old.hasNext()) {
        if (old.next()[1] < now - WINDOW_MS) {
          old.remove();
        }
      }
      Set<Long> near = new HashSet<>();
      near.add(number);
      for (long[] n : numbers) {
        if (Math.abs(n[0] - number) <= SPAN) {
          near.add(n[0]);
        }
      }
      if (record) {
        numbers.addLast(new long[] {number, now});
        if (numbers.size() > KEPT) {
          numbers.removeFirst();
        }
      }
      return near.size();
    }
  }

  private static String key(String tenant, String e164) {
    return tenant + "|" + FraudCounters.prefix(e164, 8);
  }

  private static long number(String e164) {
    return Long.parseLong(e164.substring(1));
  }

  /** Forgets prefixes with nothing in the window, so memory follows traffic. */
  void sweep(long now) {
    recent
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                return e.getValue().isEmpty() || e.getValue().peekLast()[1] < now - WINDOW_MS;
              }
            });
  }
}
