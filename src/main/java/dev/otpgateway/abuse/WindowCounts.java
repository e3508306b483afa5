package dev.otpgateway.abuse;

import java.nio.ByteBuffer;
import java.util.function.IntBinaryOperator;

/**
 * How many verifications were started and approved for one key (a tenant's or everyone's country or
 * number prefix), in rings of time slots: each minute of the last hour, each hour of the last day,
 * each day of the last fifteen. A slot holds its own time, so a slot from a past lap reads as
 * empty; nothing needs to be swept. Not thread-safe: each holder guards its own.
 */
public final class WindowCounts {
  static final int MINUTES = 60;
  static final int HOURS = 24;
  static final int DAYS = 15;

  /** The days {@link #history} covers: the ring's, less today. */
  static final int HISTORY_DAYS = DAYS - 1;

  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  private final Ring minutes = new Ring(MINUTES, MINUTE);
  private final Ring hours = new Ring(HOURS, HOUR);
  private final Ring days = new Ring(DAYS, DAY);

  /** Counts {@code n} started (or approved) verifications at {@code at} (epoch ms). */
  public void add(boolean approved, long at, int n) {
    minutes.add(approved, at, n);
    hours.add(approved, at, n);
    days.add(approved, at, n);
  }

  /** Adds everything another holder counted (a member's additions to the cluster's total). */
  public void addAll(WindowCounts other) {
    minutes.addAll(other.minutes);
    hours.addAll(other.hours);
    days.addAll(other.days);
  }

  /**
   * Takes, slot by slot, the larger of this holder's counts and another's: two copies of one key's
   * counts that share their history (the two sides of a healed split brain), where a sum would
   * count that history twice. A newer slot replaces an older one; in the same slot the larger
   * started and the larger approved count stay.
   */
  public void maxAll(WindowCounts other) {
    minutes.maxAll(other.minutes);
    hours.maxAll(other.hours);
    days.maxAll(other.days);
  }

  public WindowCounts copy() {
    WindowCounts c = new WindowCounts();
    minutes.copyTo(c.minutes);
    hours.copyTo(c.hours);
    days.copyTo(c.days);
    return c;
  }

  /**
   * Started and approved in the minutes from {@code fromMinutesAgo} (excluded) to {@code
   * toMinutesAgo}.
   */
  public Tally lastMinutes(long now, int fromMinutesAgo, int toMinutesAgo) {
    return minutes.sum(now, fromMinutesAgo, toMinutesAgo);
  }

  /** Started and approved over the last 24 hours (this hour included). */
  public Tally lastDay(long now) {
    return hours.sum(now, HOURS, 0);
  }

  /** Started and approved over the {@value #HISTORY_DAYS} days before today. */
  public Tally history(long now) {
    return days.sum(now, DAYS, 1);
  }

  /** What a window held: started and approved verifications. */
  public record Tally(long started, long approved) {
    public long unapproved() {
      return Math.max(0, started - approved);
    }
  }

  /** A fixed-size ring of slots, each with the index (time / width) it counts. */
  private static final class Ring {
    private final long width;
    private final long[] slotOf;
    private final int[] started;
    private final int[] approved;

    Ring(int size, long width) {
      this.width = width;
      this.slotOf = new long[size];
      this.started = new int[size];
      this.approved = new int[size];
    }

    void add(boolean isApproval, long at, int n) {
      long index = Math.floorDiv(at, width);
      int i = (int) Math.floorMod(index, (long) slotOf.length);
      if (slotOf[i] != index) {
        if (slotOf[i] > index) {
          return; // older than this ring keeps
        }
        slotOf[i] = index;
        started[i] = 0;
        approved[i] = 0;
      }
      if (isApproval) {
        approved[i] += n;
      } else {
        started[i] += n;
      }
    }

    /**
     * Adds another ring's counts in one pass over the slots: a slot of the same index adds up, a
     * newer one replaces this ring's, an older one is dropped (as {@link #add} of each would do). A
     * start's fraud check merges three holders for each of its nine keys: see {@code
     * WindowCountsBenchmark}.
     */
    void addAll(Ring other) {
      merge(other, Integer::sum);
    }

    /** The slots that hold counts, as they are (a slot without counts stays empty). */
    void copyTo(Ring to) {
      for (int i = 0; i < slotOf.length; i++) {
        if (holdsCounts(i)) {
          to.slotOf[i] = slotOf[i];
          to.started[i] = started[i];
          to.approved[i] = approved[i];
        }
      }
    }

    void maxAll(Ring other) {
      merge(other, Math::max);
    }

    /**
     * Takes the other ring's slots that hold counts: a newer one replaces this ring's, one of the
     * same index is combined with it, an older one is dropped. Slot {@code i} of either ring holds
     * an index of position {@code i}, so the positions match.
     */
    private void merge(Ring other, IntBinaryOperator sameSlot) {
      for (int i = 0; i < slotOf.length; i++) {
        if (!other.holdsCounts(i)) {
          continue;
        }
        // A slot without counts is no slot, whatever its index: so which copy is merged into which
        // makes no difference.
        if (!holdsCounts(i) || other.slotOf[i] > slotOf[i]) {
          slotOf[i] = other.slotOf[i];
          started[i] = other.started[i];
          approved[i] = other.approved[i];
        } else if (other.slotOf[i] == slotOf[i]) {
          started[i] = sameSlot.applyAsInt(started[i], other.started[i]);
          approved[i] = sameSlot.applyAsInt(approved[i], other.approved[i]);
        }
        // Otherwise the other's slot is older than this ring keeps.
      }
    }

    private boolean holdsCounts(int i) {
      return started[i] != 0 || approved[i] != 0;
    }

    Tally sum(long now, int from, int to) {
      long current = Math.floorDiv(now, width);
      long s = 0;
      long a = 0;
      for (int i = 0; i < slotOf.length; i++) {
        long age = current - slotOf[i];
        if (age >= to && age < from) {
          s += started[i];
          a += approved[i];
        }
      }
      return new Tally(s, a);
    }

    int used() {
      int n = 0;
      for (int i = 0; i < slotOf.length; i++) {
        n += holdsCounts(i) ? 1 : 0;
      }
      return n;
    }

    /** The slots that hold counts: how many, then each one's position, index and counts. */
    void write(ByteBuffer out) {
      out.putShort((short) used());
      for (int i = 0; i < slotOf.length; i++) {
        if (holdsCounts(i)) {
          out.putShort((short) i).putLong(slotOf[i]).putInt(started[i]).putInt(approved[i]);
        }
      }
    }

    void read(ByteBuffer in) {
      int n = in.getShort();
      for (int k = 0; k < n; k++) {
        int i = in.getShort();
        slotOf[i] = in.getLong();
        started[i] = in.getInt();
        approved[i] = in.getInt();
      }
    }
  }

  /**
   * The stored form, for the cluster's copy: only the slots that hold counts (most keys are a few
   * numbers' worth), 18 bytes each.
   */
  public byte[] encode() {
    ByteBuffer out =
        ByteBuffer.allocate(3 * Short.BYTES + (minutes.used() + hours.used() + days.used()) * 18);
    minutes.write(out);
    hours.write(out);
    days.write(out);
    return out.array();
  }

  /** Whether nothing was counted. */
  public boolean isEmpty() {
    return minutes.used() == 0 && hours.used() == 0 && days.used() == 0;
  }

  public static WindowCounts decode(byte[] data) {
    WindowCounts c = new WindowCounts();
    ByteBuffer in = ByteBuffer.wrap(data);
    c.minutes.read(in);
    c.hours.read(in);
    c.days.read(in);
    return c;
  }
}
