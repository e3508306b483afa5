package dev.otpgateway.abuse;

import java.util.Arrays;
import java.util.HashSet;
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

  /**
   * Per tenant, per prefix (its digits as a number): the numbers of the last ten minutes and when
   * each came, oldest first, as pairs in one array ({@code number, epoch ms, ...}). Why so: with
   * numbers spread over many prefixes, as real traffic's are, nearly every start opens a prefix of
   * its own for ten minutes, and a string key, a deque with its array and a pair cost about 240
   * bytes; a boxed key and an array of one pair, about 100 with the map's entry (class histograms
   * of 100,000 prefixes, one number each). An array is replaced, never changed in place, inside the
   * map's atomic compute.
   */
  private final Map<String, Map<Long, long[]>> recent = new ConcurrentHashMap<>();

  private final AtomicInteger records = new AtomicInteger();

  /**
   * Records a start's number and answers how many distinct numbers of the last ten minutes, this
   * one included, lie within the span of it.
   */
  public int record(String tenant, String e164, long now) {
    if (records.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep(now);
    }
    long number = number(e164);
    int[] near = new int[1];
    recent
        .computeIfAbsent(tenant, t -> new ConcurrentHashMap<>())
        .compute(
            prefix(e164),
            (prefix, pairs) -> {
              long[] kept = inWindow(pairs, now);
              near[0] = near(kept, number);
              return appended(kept, number, now);
            });
    return near[0];
  }

  /** A code to this number was approved: it no longer counts toward a run. */
  public void approved(String tenant, String e164) {
    Map<Long, long[]> prefixes = recent.get(tenant);
    if (prefixes != null) {
      long number = number(e164);
      prefixes.computeIfPresent(prefix(e164), (prefix, pairs) -> without(pairs, number));
    }
  }

  /** What {@link #record} would answer for this number now, without recording it. */
  public int peek(String tenant, String e164, long now) {
    Map<Long, long[]> prefixes = recent.get(tenant);
    long[] pairs = prefixes == null ? null : prefixes.get(prefix(e164));
    return near(inWindow(pairs, now), number(e164));
  }

  /** How many distinct numbers among the pairs, and this one, lie within the span of it. */
  private static int near(long[] pairs, long number) {
    Set<Long> near = new HashSet<>();
    near.add(number);
    for (int i = 0; i < pairs.length; i += 2) {
      if (Math.abs(pairs[i] - number) <= SPAN) {
        near.add(pairs[i]);
      }
    }
    return near.size();
  }

  /** The pairs still in the window (all of them, or none for null). */
  private static long[] inWindow(long[] pairs, long now) {
    if (pairs == null) {
      return new long[0];
    }
    int first = 0;
    while (first < pairs.length && pairs[first + 1] < now - WINDOW_MS) {
      first += 2;
    }
    return first == 0 ? pairs : Arrays.copyOfRange(pairs, first, pairs.length);
  }

  /** The pairs and this one, the oldest dropped past {@link #KEPT}. */
  private static long[] appended(long[] pairs, long number, long now) {
    int from = pairs.length / 2 >= KEPT ? pairs.length - 2 * (KEPT - 1) : 0;
    long[] next = Arrays.copyOfRange(pairs, from, pairs.length + 2);
    next[next.length - 2] = number;
    next[next.length - 1] = now;
    return next;
  }

  /** The pairs without this number; null (the prefix forgotten) when none are left. */
  private static long[] without(long[] pairs, long number) {
    long[] kept = new long[pairs.length];
    int n = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i] != number) {
        kept[n++] = pairs[i];
        kept[n++] = pairs[i + 1];
      }
    }
    return n == 0 ? null : Arrays.copyOf(kept, n);
  }

  private static long prefix(String e164) {
    return Long.parseLong(FraudCounters.prefix(e164, 8).substring(1));
  }

  private static long number(String e164) {
    return Long.parseLong(e164.substring(1));
  }

  /** Forgets prefixes with nothing in the window, so memory follows traffic. */
  void sweep(long now) {
    for (Map<Long, long[]> prefixes : recent.values()) {
      prefixes.values().removeIf(pairs -> pairs[pairs.length - 1] < now - WINDOW_MS);
    }
  }
}
