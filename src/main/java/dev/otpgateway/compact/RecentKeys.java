package dev.otpgateway.compact;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * 128-bit keys (random ids, digests) seen lately, each with a set of bits, in little memory: what a
 * member must remember by the hundred thousand for minutes (the event ids its ledger wrote, the
 * nonces of the receipts it took) would take more heap as strings in map entries than the
 * verifications themselves.
 *
 * <p>A key is kept as three longs (its two halves and its bits) in an open-addressing table, at
 * most three quarters full: 32 to 64 bytes as a table fills, where a map entry with a string key
 * and a time took 104 to 170. Such a table keeps no order, so time is kept by generations: each
 * table takes what is added for {@code generationMillis} of the times given with it (or until it
 * holds {@code generationSize} keys), and goes as a whole once every time given to it is before the
 * cutoff. A key is so remembered at least as long as asked, and at most one generation longer.
 *
 * <p>Not thread-safe: its owner guards it.
 */
public final class RecentKeys {
  private final long generationMillis;
  private final int generationSize;

  /** The tables, oldest first. */
  private final ArrayDeque<Generation> generations = new ArrayDeque<>();

  /**
   * @param generationMillis how long, in the times given, one table takes what is added: how much
   *     longer than asked a key may be remembered
   * @param generationSize the most keys one table takes: the grain in which {@link
   *     #forgetOldestBeyond} forgets early
   */
  public RecentKeys(long generationMillis, int generationSize) {
    if (generationMillis < 1 || generationSize < 1) {
      throw new IllegalArgumentException(
          "a generation must last and hold at least 1, but was "
              + generationMillis
              + " ms and "
              + generationSize);
    }
    this.generationMillis = generationMillis;
    this.generationSize = generationSize;
  }

  /** The bits added with the key in every table that holds it; 0 when it is not held. */
  public long bits(long high, long low) {
    long bits = 0;
    for (Generation g : generations) {
      bits |= g.bits(high, low);
    }
    return bits;
  }

  /**
   * Adds the key with these bits (non-zero), to be kept while {@code time} is not before the
   * cutoff. What older tables hold of the key comes along, so all of its bits live as long as this
   * addition.
   */
  public void add(long high, long low, long bits, long time) {
    if (bits == 0) {
      throw new IllegalArgumentException("a key is added with at least one bit");
    }
    Generation newest = generations.peekLast();
    if (newest == null
        || time - newest.startedAt >= generationMillis
        || newest.size >= generationSize) {
      newest = new Generation(time);
      generations.addLast(newest);
    }
    newest.add(high, low, bits(high, low) | bits);
    newest.latest = Math.max(newest.latest, time);
  }

  /** Forgets the tables whose every time is before {@code cutoff}. */
  public void forgetBefore(long cutoff) {
    // Times may come out of order (a token that lives longer than most), so every table is looked
    // at, not only the oldest: there are a handful.
    Iterator<Generation> all = generations.iterator();
    while (all.hasNext()) {
      if (all.next().latest < cutoff) {
        all.remove();
      }
    }
  }

  /**
   * Forgets the oldest tables, early, until at most {@code capacity} entries are kept, or only the
   * newest table is left (it holds at most {@code generationSize}).
   */
  public void forgetOldestBeyond(int capacity) {
    while (generations.size() > 1 && size() > capacity) {
      generations.removeFirst();
    }
  }

  /** How many entries are kept: a key counts once in each table it is in. */
  public int size() {
    int size = 0;
    for (Generation g : generations) {
      size += g.size;
    }
    return size;
  }

  /**
   * One generation's table: open addressing with linear probing over one array of triples (the
   * key's high and low halves, its bits); bits of 0 mark a free slot, since every entry has at
   * least one.
   */
  private static final class Generation {
    private static final int INITIAL_SLOTS = 64;

    final long startedAt;
    long latest;
    int size;
    private long[] slots = new long[3 * INITIAL_SLOTS];

    Generation(long startedAt) {
      this.startedAt = startedAt;
      this.latest = startedAt;
    }

    long bits(long high, long low) {
      int i = find(slots, high, low);
      return i < 0 ? 0 : slots[3 * i + 2];
    }

    void add(long high, long low, long bits) {
      int i = find(slots, high, low);
      if (i >= 0) {
        slots[3 * i + 2] |= bits;
        return;
      }
      if ((size + 1) * 4L > capacity() * 3L) {
        grow();
        i = find(slots, high, low);
      }
      put(slots, -i - 1, high, low, bits);
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

    private static void put(long[] slots, int i, long high, long low, long bits) {
      slots[3 * i] = high;
      slots[3 * i + 1] = low;
      slots[3 * i + 2] = bits;
    }

    /** The slot holding this key, or -(free slot + 1) where it would go. */
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
