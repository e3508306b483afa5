package dev.otpgateway.app;

import java.util.function.LongSupplier;

/**
 * Paces new starts to the rate this member's heap budget can hold, so that a member offered more
 * than it can keep answers a steady share and refuses the rest, instead of taking everything until
 * its heap is full and then nothing until its first verifications leave memory.
 *
 * <p>Why pacing, and not only the heap gate ({@link HeapBudget}): a verification stays in memory
 * for its code's lifetime and its retention (minutes). A member that admits whatever comes until
 * the heap gate closes has filled its budget with minutes of starts that are all still there, and
 * has to refuse every start until they begin to leave; then it admits a burst again. What it can
 * hold is a rate: its budget in records, divided by how long a record stays.
 *
 * <p>Everything is measured, nothing assumed about record sizes. Once a second, {@link #update}
 * takes the heap in use after the last collection, how many verification records this member holds
 * (its own and its backups), and how many starts it admitted over the last residency. What a record
 * costs is the heap's growth over the records' growth in the last {@link #SLOPE_SECONDS} (the
 * member's fixed costs, and its warm-up's, do not grow with records, so they drop out). The records
 * it can hold are those it holds plus what the rest of its budget, up to {@link #TARGET_SHARE},
 * fits; the pace is that many records over a residency, divided by the records each admitted start
 * leaves here. Until the member has grown by enough records for the measures to mean something
 * ({@link #MIN_RECORDS}) it does not pace; the heap gate stands behind the pace either way.
 */
final class StartPacing {
  /**
   * The share of the heap budget the paced state settles at: below the heap gate, so collections'
   * stale readings and bursts within a second do not close it.
   */
  static final double TARGET_SHARE = 0.85;

  /** Records grown, and starts admitted, before the measures are trusted. */
  static final long MIN_RECORDS = 2_000;

  /** The span over which the heap's growth is set against the records' growth. */
  static final int SLOPE_SECONDS = 60;

  private final long budgetBytes;
  private final LongSupplier usedAfterCollection;
  private final LongSupplier recordsHeld;
  private final int residencySeconds;
  private final long[] admittedPerSecond;
  private long admittedInWindow;
  private long second = -1;

  /** The last {@link #SLOPE_SECONDS} readings of the heap and the records, one per update. */
  private final long[] usedSamples = new long[SLOPE_SECONDS];

  private final long[] recordSamples = new long[SLOPE_SECONDS];
  private long samples;

  /** What a record costs, as last measured; 0 until measured. */
  private double bytesPerRecord;

  /** Starts per second allowed now; 0 while not pacing. */
  private volatile double pace;

  /**
   * Starts allowed now. They accrue with time at the pace, up to a tenth of a second's worth: so
   * admissions spread over each second, and a client that comes back at the same moment of every
   * second (its Retry-After is whole seconds) has the same chance as one that comes first.
   */
  private double tokens;

  private long refilledAt = -1;

  /**
   * @param budgetBytes the heap this member's state may fill
   * @param usedAfterCollection the heap in use after the last collection
   * @param recordsHeld the verification records this member holds, its own and its backups
   * @param residencySeconds how long a verification stays in memory: its code's lifetime and its
   *     retention; what is admitted over this long is what is held
   */
  StartPacing(
      long budgetBytes,
      LongSupplier usedAfterCollection,
      LongSupplier recordsHeld,
      int residencySeconds) {
    this.budgetBytes = budgetBytes;
    this.usedAfterCollection = usedAfterCollection;
    this.recordsHeld = recordsHeld;
    this.residencySeconds = residencySeconds;
    this.admittedPerSecond = new long[residencySeconds];
  }

  /**
   * Whether a start may go ahead now (it then counts as admitted); false when the pace's allowance
   * is spent.
   */
  synchronized boolean tryAdmit(long nowMillis) {
    roll(nowMillis / 1_000);
    if (pace > 0) {
      refill(nowMillis);
      if (tokens < 1) {
        return false;
      }
      tokens--;
    }
    admittedPerSecond[(int) (second % residencySeconds)]++;
    admittedInWindow++;
    return true;
  }

  /** Measures again (once a second): see the class comment. */
  synchronized void update(long nowMillis) {
    roll(nowMillis / 1_000);
    long used = usedAfterCollection.getAsLong();
    long records = recordsHeld.getAsLong();
    int slot = (int) (samples % SLOPE_SECONDS);
    if (samples >= SLOPE_SECONDS) {
      long grownBy = records - recordSamples[slot];
      long usedMore = used - usedSamples[slot];
      // A span in which the records hardly grew, or the heap shrank (a collection of the old
      // generation freed what had died there), says nothing new: the last measure stands.
      if (grownBy >= MIN_RECORDS && usedMore > 0) {
        bytesPerRecord = (double) usedMore / grownBy;
      }
    }
    usedSamples[slot] = used;
    recordSamples[slot] = records;
    samples++;
    double before = pace;
    if (bytesPerRecord == 0 || admittedInWindow < MIN_RECORDS) {
      pace = 0;
    } else {
      double recordsAffordable = records + (budgetBytes * TARGET_SHARE - used) / bytesPerRecord;
      double recordsPerStart = (double) records / admittedInWindow;
      pace = Math.max(1, recordsAffordable / recordsPerStart / residencySeconds);
    }
    if (before == 0) {
      tokens = burst();
      refilledAt = nowMillis;
    }
  }

  private void refill(long nowMillis) {
    tokens = Math.min(burst(), tokens + (nowMillis - refilledAt) * pace / 1_000);
    refilledAt = nowMillis;
  }

  /** The most starts admitted at once: a tenth of a second's pace, and at least one. */
  private double burst() {
    return Math.max(1, pace / 10);
  }

  /** Starts per second allowed now; 0 while not pacing. */
  double pace() {
    return pace;
  }

  private void roll(long now) {
    if (second < 0) {
      second = now;
      return;
    }
    for (long s = second + 1; s <= now && s <= second + residencySeconds; s++) {
      int slot = (int) (s % residencySeconds);
      admittedInWindow -= admittedPerSecond[slot];
      admittedPerSecond[slot] = 0;
    }
    second = Math.max(second, now);
  }
}
