package dev.otpgateway.app;

import java.util.HashMap;
import java.util.Map;
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
 * costs is the growth of the lowest heap reading of a minute (see below) over the records' growth
 * since the minute before (the member's fixed costs, and its warm-up's, do not grow with records,
 * so they drop out), averaged over the last few such measures. The records it can hold are those it
 * holds plus what the rest of its budget, up to {@link #TARGET_SHARE}, fits; the pace is that many
 * records over a residency, divided by the records each admitted start leaves here. Until the
 * member has grown by enough records for the measures to mean something ({@link #MIN_RECORDS}) it
 * does not pace; the heap gate stands behind the pace either way.
 *
 * <p>Why the pace is steady: records live for minutes, so they die in the old generation, and the
 * heap in use after a young collection carries them until the next old-generation collection frees
 * them: a reading tens of megabytes above what is live, which drops at once when that collection
 * comes. Paced on the raw reading, the member admitted half its share for a minute and then twice
 * it. So the heap this member uses is taken as the lowest reading of the last {@link
 * #SLOPE_SECONDS} plus what the records grown since then cost (or the reading now, if lower), and
 * the pace falls to a lower target at once but rises toward a higher one by a {@link #RISE_SECONDS}
 * part of the difference each second: a member that takes less than it could for a few seconds
 * loses little, one that takes more than it can fills its heap.
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

  /** The pace closes this many seconds' part of the way up to a higher target each second. */
  static final int RISE_SECONDS = 20;

  /** How many measures of a record's cost its average weighs (an exponential average). */
  static final int COST_MEASURES = 10;

  /** How long a tenant that tried no start still counts among those sharing the pace. */
  static final int SHARING_SECONDS = 10;

  private final long budgetBytes;
  private final LongSupplier usedAfterCollection;
  private final int residencySeconds;
  private final long[] admittedPerSecond;
  private long admittedInWindow;
  private long second = -1;

  /** The last {@link #SLOPE_SECONDS} readings of the heap and the records, one per update. */
  private final long[] usedSamples = new long[SLOPE_SECONDS];

  private final long[] recordSamples = new long[SLOPE_SECONDS];

  /**
   * For each of the last {@link #SLOPE_SECONDS} updates, the lowest heap reading of the minute up
   * to it and the records then: what a record costs is measured between these, a minute apart.
   */
  private final long[] lowUsed = new long[SLOPE_SECONDS];

  private final long[] lowRecords = new long[SLOPE_SECONDS];
  private long samples;

  /** What a record costs, as last measured; 0 until measured. */
  private double bytesPerRecord;

  /** Starts per second allowed now; 0 while not pacing. */
  private volatile double pace;

  /**
   * Starts allowed now. They accrue with time at the pace, up to a tenth of a second's worth and
   * the {@link #reserve}: so admissions spread over each second, and a client that comes back at
   * the same moment of every second (its Retry-After is whole seconds) has the same chance as one
   * that comes first.
   */
  private double tokens;

  private long refilledAt = -1;

  /** The tenants that tried a start in the last {@link #SHARING_SECONDS}, and what each took. */
  private final Map<String, Share> sharing = new HashMap<>();

  /** A tenant's admissions this second and the one before, and when it last tried. */
  private static final class Share {
    long second;
    int thisSecond;
    int lastSecond;
    long triedAt;

    void roll(long now) {
      if (now != second) {
        lastSecond = now == second + 1 ? thisSecond : 0;
        thisSecond = 0;
        second = now;
      }
    }

    int recent() {
      return Math.max(thisSecond, lastSecond);
    }
  }

  /**
   * @param budgetBytes the heap this member's state may fill
   * @param usedAfterCollection the heap in use after the last collection
   * @param residencySeconds how long a verification stays in memory: its code's lifetime and its
   *     retention; what is admitted over this long is what is held
   */
  StartPacing(long budgetBytes, LongSupplier usedAfterCollection, int residencySeconds) {
    this.budgetBytes = budgetBytes;
    this.usedAfterCollection = usedAfterCollection;
    this.residencySeconds = residencySeconds;
    this.admittedPerSecond = new long[residencySeconds];
  }

  /**
   * Whether a start of this tenant may go ahead now (it then counts as admitted); false when the
   * pace's allowance is spent, or when all that is left of it is the reserve and this tenant took
   * more than its share of the pace in the last second.
   *
   * <p>Why a reserve: one tenant that offers far more than the member holds would otherwise take
   * every token as it accrues, and another tenant's start would be refused as often as the flood's.
   * A tenant's share is the pace split equally among the tenants trying and one more, the next to
   * come (whose first try, after a quiet spell, must not find the flood alone and every token
   * gone). Those past their share leave the last {@link #reserve} tokens to the rest, so a tenant
   * within its share nearly always finds one. The rate does not change: the reserve is a stock that
   * stays, and every token that accrues past it goes to whoever asks.
   */
  synchronized boolean tryAdmit(String tenant, long nowMillis) {
    roll(nowMillis / 1_000);
    Share share = sharing.computeIfAbsent(tenant, t -> new Share());
    share.roll(second);
    share.triedAt = nowMillis;
    if (pace > 0) {
      refill(nowMillis);
      boolean pastItsShare = share.recent() > pace / (sharing.size() + 1);
      if (tokens < 1 + (pastItsShare ? reserve() : 0)) {
        return false;
      }
      tokens--;
    }
    share.thisSecond++;
    admittedPerSecond[(int) (second % residencySeconds)]++;
    admittedInWindow++;
    return true;
  }

  /**
   * Measures again (once a second): see the class comment.
   *
   * @param records the verification records this member holds, its own and its backups (read by the
   *     caller with the map's other statistics, so they are read once)
   */
  synchronized void update(long nowMillis, long records) {
    roll(nowMillis / 1_000);
    sharing.values().removeIf(share -> share.triedAt < nowMillis - SHARING_SECONDS * 1_000L);
    long used = usedAfterCollection.getAsLong();
    int slot = (int) (samples % SLOPE_SECONDS);
    usedSamples[slot] = used;
    recordSamples[slot] = records;
    samples++;
    int lowest = lowestReading();
    if (samples >= 2 * SLOPE_SECONDS) {
      // The lowest readings of this minute and of the one before, and the records then.
      long grownBy = recordSamples[lowest] - lowRecords[slot];
      long usedMore = usedSamples[lowest] - lowUsed[slot];
      // A span in which the records hardly grew, or the heap shrank (records left faster than
      // they came), says nothing new: the last measure stands.
      if (grownBy >= MIN_RECORDS && usedMore > 0) {
        double measured = (double) usedMore / grownBy;
        bytesPerRecord =
            bytesPerRecord == 0
                ? measured
                : bytesPerRecord + (measured - bytesPerRecord) / COST_MEASURES;
      }
    }
    lowUsed[slot] = usedSamples[lowest];
    lowRecords[slot] = recordSamples[lowest];
    double before = pace;
    if (bytesPerRecord == 0 || admittedInWindow < MIN_RECORDS) {
      pace = 0;
    } else {
      double recordsAffordable =
          records
              + (budgetBytes * TARGET_SHARE - heapInUse(used, records, lowest)) / bytesPerRecord;
      double recordsPerStart = (double) records / admittedInWindow;
      double target = Math.max(1, recordsAffordable / recordsPerStart / residencySeconds);
      pace = before == 0 || target < before ? target : before + (target - before) / RISE_SECONDS;
    }
    if (before == 0) {
      tokens = burst();
      refilledAt = nowMillis;
    }
  }

  /** Which of the last {@link #SLOPE_SECONDS} readings (their slot) is the lowest. */
  private int lowestReading() {
    int filled = (int) Math.min(samples, SLOPE_SECONDS);
    int lowest = 0;
    for (int i = 1; i < filled; i++) {
      if (usedSamples[i] < usedSamples[lowest]) {
        lowest = i;
      }
    }
    return lowest;
  }

  /**
   * The heap this member's state uses: the lowest reading of the last {@link #SLOPE_SECONDS} (the
   * nearest to what is live) plus what the records grown since then cost, or the reading now if
   * that is lower. See the class comment.
   */
  private double heapInUse(long used, long records, int lowest) {
    double sinceLowest = usedSamples[lowest] + (records - recordSamples[lowest]) * bytesPerRecord;
    return Math.min(used, sinceLowest);
  }

  private void refill(long nowMillis) {
    tokens = Math.min(burst() + reserve(), tokens + (nowMillis - refilledAt) * pace / 1_000);
    refilledAt = nowMillis;
  }

  /** Tokens kept for the tenants within their share: see tryAdmit. */
  private double reserve() {
    return Math.max(1, pace / 20);
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
