package dev.otpgateway.providers.rbm;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * What RBM last said about each number's RCS reach, so the hot path asks once per number and
 * period, not once per verification. Bounded (least recently used numbers go first) and
 * time-limited, with a longer life for "yes" than for "no":
 *
 * <ul>
 *   <li>A stale "yes" costs little: the send answers 404, fails over to SMS at once, and {@link
 *       #remember} corrects the entry. Handsets rarely lose RCS, so an hour saves most checks.
 *   <li>A stale "no" sends SMS to a handset that could have had RCS: correct, only dearer. RCS
 *       turns on when a person activates Google Messages or their carrier launches our agent, so
 *       "no" is asked again after ten minutes to pick that up within a session's reach.
 * </ul>
 *
 * <p>Per node. DESIGN.md §6 foresees a cluster-wide capability map; this cache would then sit in
 * front of it or give way to it.
 */
final class RcsCapabilityCache {
  static final Duration CAPABLE_FOR = Duration.ofHours(1);
  static final Duration NOT_CAPABLE_FOR = Duration.ofMinutes(10);
  static final int MAX_NUMBERS = 100_000;
  private static final int INITIAL_ENTRIES = 256;

  /** No entry: the end of the recency list. */
  private static final int NONE = -1;

  private final Clock clock;
  private final int maxNumbers;

  /*
   * A cache entry per number seen in the last hour, in arrays rather than a map: the number's
   * digits as a long (E.164 has at most 15), its answer as one long (when it lapses, in epoch ms,
   * shifted left, and whether the handset is capable in the lowest bit), and its links in the list
   * from the least to the most recently used. About 45 bytes a number with the index below, where a
   * LinkedHashMap entry with two boxed longs took 88-96.
   *
   * Entries are kept dense (0 to size - 1): a removed entry's place is taken by the last one.
   */
  private long[] numbers = new long[INITIAL_ENTRIES];
  private long[] answers = new long[INITIAL_ENTRIES];
  private int[] older = new int[INITIAL_ENTRIES];
  private int[] newer = new int[INITIAL_ENTRIES];
  private int size;
  private int eldest = NONE;
  private int newest = NONE;

  /**
   * The entries by number: open addressing with linear probing, each slot an entry's index + 1 (0:
   * free), at most half full; a removal shifts its followers back, so there are no tombstones.
   */
  private int[] index = new int[2 * INITIAL_ENTRIES];

  RcsCapabilityCache(Clock clock, int maxNumbers) {
    this.clock = clock;
    this.maxNumbers = maxNumbers;
  }

  /** The answer still in force for this number, if any. */
  synchronized Optional<Boolean> get(String e164) {
    int slot = slotOf(digits(e164));
    if (slot < 0) {
      return Optional.empty();
    }
    int e = index[slot] - 1;
    long answer = answers[e];
    if (clock.millis() >= answer >>> 1) {
      remove(e);
      return Optional.empty();
    }
    touch(e);
    return Optional.of((answer & 1) == 1);
  }

  synchronized void remember(String e164, boolean capable) {
    Duration life = capable ? CAPABLE_FOR : NOT_CAPABLE_FOR;
    long answer = (clock.millis() + life.toMillis()) << 1 | (capable ? 1 : 0);
    long number = digits(e164);
    int slot = slotOf(number);
    if (slot >= 0) {
      int e = index[slot] - 1;
      answers[e] = answer;
      touch(e);
      return;
    }
    if (size == numbers.length) {
      growEntries();
    }
    if (2 * (size + 1) > index.length) {
      growIndex();
      slot = slotOf(number);
    }
    int e = size++;
    numbers[e] = number;
    answers[e] = answer;
    older[e] = newest;
    newer[e] = NONE;
    link(e);
    index[-slot - 1] = e + 1;
    if (size > maxNumbers) {
      remove(eldest);
    }
  }

  synchronized int size() {
    return size;
  }

  /** Makes an entry the most recently used. */
  private void touch(int e) {
    if (e != newest) {
      unlink(e);
      older[e] = newest;
      newer[e] = NONE;
      link(e);
    }
  }

  /** Links an entry whose {@code older} is set as the newest. */
  private void link(int e) {
    if (newest == NONE) {
      eldest = e;
    } else {
      newer[newest] = e;
    }
    newest = e;
  }

  private void unlink(int e) {
    if (older[e] == NONE) {
      eldest = newer[e];
    } else {
      newer[older[e]] = newer[e];
    }
    if (newer[e] == NONE) {
      newest = older[e];
    } else {
      older[newer[e]] = older[e];
    }
  }

  /** Removes an entry; the last entry moves into its place. */
  private void remove(int e) {
    free(slotOf(numbers[e]));
    unlink(e);
    int last = --size;
    if (e != last) {
      numbers[e] = numbers[last];
      answers[e] = answers[last];
      older[e] = older[last];
      newer[e] = newer[last];
      if (older[e] == NONE) {
        eldest = e;
      } else {
        newer[older[e]] = e;
      }
      if (newer[e] == NONE) {
        newest = e;
      } else {
        older[newer[e]] = e;
      }
      index[slotOf(numbers[e])] = e + 1;
    }
  }

  /** Frees a slot, moving back the entries after it that probed past it. */
  private void free(int slot) {
    int mask = index.length - 1;
    int hole = slot;
    int next = hole;
    while (true) {
      next = (next + 1) & mask;
      if (index[next] == 0) {
        index[hole] = 0;
        return;
      }
      int home = home(numbers[index[next] - 1], mask);
      // The entry at next may fill the hole unless its home lies cyclically in (hole, next].
      boolean homeBetween =
          hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (!homeBetween) {
        index[hole] = index[next];
        hole = next;
      }
    }
  }

  /** The slot holding this number, or -(the free slot where it would go) - 1. */
  private int slotOf(long number) {
    int mask = index.length - 1;
    int slot = home(number, mask);
    while (index[slot] != 0) {
      if (numbers[index[slot] - 1] == number) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    return -slot - 1;
  }

  private static int home(long number, int mask) {
    long h = number * 0x9E3779B97F4A7C15L;
    return (int) (h ^ h >>> 32) & mask;
  }

  private void growEntries() {
    int length = Math.min(Math.max(numbers.length * 2, INITIAL_ENTRIES), maxNumbers + 1);
    numbers = Arrays.copyOf(numbers, length);
    answers = Arrays.copyOf(answers, length);
    older = Arrays.copyOf(older, length);
    newer = Arrays.copyOf(newer, length);
  }

  private void growIndex() {
    index = new int[index.length * 2];
    for (int e = 0; e < size; e++) {
      index[-slotOf(numbers[e]) - 1] = e + 1;
    }
  }

  /** A number in E.164 form ({@code +} and up to 15 digits, never starting with 0) as a long. */
  private static long digits(String e164) {
    if (e164.length() < 2
        || e164.length() > 16
        || e164.charAt(0) != '+'
        || e164.charAt(1) < '1'
        || e164.charAt(1) > '9') {
      throw new IllegalArgumentException("not an E.164 number");
    }
    return Long.parseLong(e164, 1, e164.length(), 10);
  }
}
