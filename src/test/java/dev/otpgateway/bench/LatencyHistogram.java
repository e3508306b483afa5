package dev.otpgateway.bench;

/**
 * Latencies in microseconds, counted in log-linear buckets (the HdrHistogram layout, reduced to
 * what the driver needs): values below 256 µs each have their own bucket, so they are exact; above
 * that every power of two is split into 128 equal buckets, so a bucket is at most 1/128 (0.78%) as
 * wide as the values in it. A percentile answers the upper edge of its bucket, capped at the
 * largest value recorded: never lower than the true value, and at most 0.78% higher.
 *
 * <p>Why not record every latency and sort: at 10,000 requests a second a 30 s run is 300,000
 * values, sorted again for every one-second progress line. A histogram records in O(1) without
 * allocating, costs 3,968 counters (31 KiB) whatever the run length, and adds up (interval into
 * total).
 *
 * <p>Not thread-safe: the driver records on its single event-loop thread.
 */
public final class LatencyHistogram {
  private static final int SUB_BUCKET_BITS = 7;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

  /** Values below this have one bucket each. */
  static final long EXACT_BELOW = 2L * SUB_BUCKETS;

  private static final int EXACT_BITS = SUB_BUCKET_BITS + 1;

  /** Powers of two above EXACT_BELOW that get buckets: up to 2^36 µs, about 19 hours. */
  private static final int MAX_EXPONENT = 36;

  private static final int BUCKETS =
      (int) EXACT_BELOW + (MAX_EXPONENT - EXACT_BITS + 1) * SUB_BUCKETS;
  static final long HIGHEST_TRACKABLE = (1L << (MAX_EXPONENT + 1)) - 1;

  private final long[] counts = new long[BUCKETS];
  private long count;
  private long max;
  private long sum;

  /** Counts one latency; negative values count as 0, values beyond ~19 h as the highest. */
  public void record(long micros) {
    long v = Math.max(0, Math.min(micros, HIGHEST_TRACKABLE));
    counts[indexOf(v)]++;
    count++;
    sum += v;
    if (v > max) {
      max = v;
    }
  }

  /** Adds every value of {@code other} to this one. */
  public void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    sum += other.sum;
    max = Math.max(max, other.max);
  }

  /** Forgets every value: the per-second histogram starts each second afresh. */
  public void reset() {
    java.util.Arrays.fill(counts, 0);
    count = 0;
    max = 0;
    sum = 0;
  }

  public long count() {
    return count;
  }

  /** The largest value recorded (exact), 0 when empty. */
  public long max() {
    return max;
  }

  public double mean() {
    return count == 0 ? 0 : (double) sum / count;
  }

  /**
   * The value at or below which {@code percent}% of the recorded values lie (nearest rank), to
   * within +0.78%; 0 when empty.
   */
  public long percentile(double percent) {
    if (count == 0) {
      return 0;
    }
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in (0, 100], but was " + percent);
    }
    long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * count));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(highestInBucket(i), max);
      }
    }
    return max;
  }

  static int indexOf(long v) {
    if (v < EXACT_BELOW) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v);
    int shift = exponent - SUB_BUCKET_BITS;
    int sub = (int) (v >>> shift) - SUB_BUCKETS;
    return (int) EXACT_BELOW + (exponent - EXACT_BITS) * SUB_BUCKETS + sub;
  }

  static long highestInBucket(int index) {
    if (index < EXACT_BELOW) {
      return index;
    }
    int rel = index - (int) EXACT_BELOW;
    int exponent = rel / SUB_BUCKETS + EXACT_BITS;
    int sub = rel % SUB_BUCKETS;
    int shift = exponent - SUB_BUCKET_BITS;
    return ((long) (SUB_BUCKETS + sub + 1) << shift) - 1;
  }
}
