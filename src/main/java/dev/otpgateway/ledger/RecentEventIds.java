package dev.otpgateway.ledger;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.Ids;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the events a ledger writer wrote lately, so that an event handed over again (a member
 * adopting a departed member's outbox) is recognised and written once.
 *
 * <p>Why not a set of the ids: a start writes three or four events, and each id held as a string in
 * a map entry with its time cost about 170 bytes: under load, the writer's memory of five minutes
 * took more heap than the verifications themselves. An event id is its verification's id and its
 * number ({@link Event#idOf}), and the gateway mints verification ids from 128 random bits ({@link
 * Ids#bitsOf}), so a verification is kept as three longs (its bits, and one bit per event number
 * written) in an open-addressing table, at most three quarters full: 32 to 64 bytes as a table
 * fills, where a map entry with its key and value objects took about 104.
 *
 * <p>Such a table keeps no order, so time is kept by generations: each table takes what is written
 * for {@code generationMillis}, and a table goes as a whole once the last thing written to it is
 * older than the cutoff. An id is so remembered at least as long as asked, and at most one
 * generation longer. A verification written again lands in the newest table with all the numbers it
 * had, so its numbers are kept as long as its latest. An event id of another form, or with a number
 * past the bits, is kept whole, with its own time.
 */
final class RecentEventIds {
  /** Event numbers 1 to this many fit the bits of a verification's entry. */
  static final int NUMBERED = 63;

  private final long generationMillis;

  /** The tables of minted verifications' event numbers, oldest first. */
  private final ArrayDeque<Generation> generations = new ArrayDeque<>();

  /** Ids of another form, with the time they were written, in that order. */
  private final Map<String, Long> whole = new LinkedHashMap<>();

  /**
   * @param generationMillis how long one table takes what is written: how much longer than asked an
   *     id may be remembered
   */
  RecentEventIds(long generationMillis) {
    this.generationMillis = generationMillis;
  }

  boolean contains(String id) {
    int n = numberOf(id);
    Ids.Bits bits = n == 0 ? null : verificationBits(id);
    if (bits == null) {
      return whole.containsKey(id);
    }
    return (numbersOf(bits) & 1L << n) != 0;
  }

  void add(String id, long now) {
    int n = numberOf(id);
    Ids.Bits bits = n == 0 ? null : verificationBits(id);
    if (bits == null) {
      whole.remove(id);
      whole.put(id, now);
      return;
    }
    Generation newest = generations.peekLast();
    if (newest == null || now - newest.startedAt >= generationMillis) {
      newest = new Generation(now);
      generations.addLast(newest);
    }
    // What older tables hold of this verification comes along, so it lives as long as this write.
    newest.add(bits.high(), bits.low(), numbersOf(bits) | 1L << n);
    newest.lastAt = Math.max(newest.lastAt, now);
  }

  /** How many entries are kept: a verification's counts once in each table it is in. */
  int size() {
    int size = whole.size();
    for (Generation g : generations) {
      size += g.size;
    }
    return size;
  }

  /** Forgets what was last written before {@code cutoff}: at most a generation later. */
  void forgetBefore(long cutoff) {
    while (!generations.isEmpty() && generations.peekFirst().lastAt < cutoff) {
      generations.removeFirst();
    }
    Iterator<Long> wholeByAge = whole.values().iterator();
    while (wholeByAge.hasNext() && wholeByAge.next() < cutoff) {
      wholeByAge.remove();
    }
  }

  private long numbersOf(Ids.Bits bits) {
    long numbers = 0;
    for (Generation g : generations) {
      numbers |= g.numbers(bits.high(), bits.low());
    }
    return numbers;
  }

  /**
   * The event's number within its verification, or 0 when the id is not of that form or too big.
   */
  private static int numberOf(String id) {
    int colon = id.lastIndexOf(':');
    int digits = id.length() - colon - 1;
    if (colon <= 0 || digits < 1 || digits > 2) {
      return 0;
    }
    int n = 0;
    for (int i = colon + 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      n = n * 10 + (c - '0');
    }
    return n >= 1 && n <= NUMBERED && id.charAt(colon + 1) != '0' ? n : 0;
  }

  /** The bits of an event's verification id, or null when the gateway did not mint it. */
  private static Ids.Bits verificationBits(String id) {
    return Ids.bitsOf(Ids.VERIFICATION, id.substring(0, id.lastIndexOf(':')));
  }

  /**
   * One generation's table: open addressing with linear probing over one array of triples (the id's
   * high and low bits, the event numbers written); numbers of 0 mark a free slot, since every entry
   * has at least one.
   */
  private static final class Generation {
    private static final int INITIAL_SLOTS = 64;

    final long startedAt;
    long lastAt;
    int size;
    private long[] slots = new long[3 * INITIAL_SLOTS];

    Generation(long startedAt) {
      this.startedAt = startedAt;
      this.lastAt = startedAt;
    }

    long numbers(long high, long low) {
      int i = find(slots, high, low);
      return i < 0 ? 0 : slots[3 * i + 2];
    }

    void add(long high, long low, long numbers) {
      int i = find(slots, high, low);
      if (i >= 0) {
        slots[3 * i + 2] |= numbers;
        return;
      }
      if ((size + 1) * 4L > capacity() * 3L) {
        grow();
        i = find(slots, high, low);
      }
      put(slots, -i - 1, high, low, numbers);
      size++;
    }

    private int capacity() {
      return slots.length / 3;
    }

    private void grow() {
      long[] old = slots;
      slots = new long[old.length * 2];
      for (int j = 0; j < old.length; j += 3) {
        if (old[j + 2] != 0) {
          put(slots, -find(slots, old[j], old[j + 1]) - 1, old[j], old[j + 1], old[j + 2]);
        }
      }
    }

    private static void put(long[] slots, int i, long high, long low, long numbers) {
      slots[3 * i] = high;
      slots[3 * i + 1] = low;
      slots[3 * i + 2] = numbers;
    }

    /** The slot holding this id, or -(free slot + 1) where it would go. */
    private static int find(long[] slots, long high, long low) {
      int mask = slots.length / 3 - 1;
      long h = (high ^ Long.rotateLeft(low, 32)) * 0x9E3779B97F4A7C15L;
      int i = (int) (h ^ h >>> 32) & mask;
      while (slots[3 * i + 2] != 0) {
        if (slots[3 * i] == high && slots[3 * i + 1] == low) {
          return i;
        }
        i = (i + 1) & mask;
      }
      return -i - 1;
    }
  }
}
