package dev.otpgateway.conversion;

import java.io.Serializable;

/**
 * How long after its message went out a code gets approved, as a histogram over a fixed set of bins
 * (seconds to ten minutes). It answers how far a message of a given age has had its chance: the
 * share of approvals that come within that age ({@link #cdf}), and the age by which 95% have come.
 * Counts are halved past {@value #MAX_COUNT} so the shape follows recent traffic.
 */
final class ApprovalDelays implements Serializable {
  private static final long serialVersionUID = 1;

  /** Upper edges of the bins, in ms; the last bin holds everything slower. */
  static final long[] EDGES_MS = {
    1_000,
    2_000,
    3_000,
    4_000,
    5_000,
    6_000,
    8_000,
    10_000,
    12_000,
    15_000,
    20_000,
    25_000,
    30_000,
    40_000,
    50_000,
    60_000,
    90_000,
    120_000,
    180_000,
    300_000,
    600_000,
    Long.MAX_VALUE
  };

  /** Below this many observations a histogram says too little about its route's delays. */
  static final double MIN_COUNT = 30;

  static final double MAX_COUNT = 2_000;

  private final double[] counts = new double[EDGES_MS.length];
  private double total;

  static int bin(long delayMs) {
    int i = 0;
    while (delayMs > EDGES_MS[i]) {
      i++;
    }
    return i;
  }

  /** Adds {@code n} observations to bin {@code i}. */
  void add(int i, double n) {
    counts[i] += n;
    total += n;
    if (total > MAX_COUNT) {
      for (int k = 0; k < counts.length; k++) {
        counts[k] /= 2;
      }
      total /= 2;
    }
  }

  void addAll(ApprovalDelays other) {
    for (int i = 0; i < counts.length; i++) {
      if (other.counts[i] > 0) {
        add(i, other.counts[i]);
      }
    }
  }

  double total() {
    return total;
  }

  /** The share of approvals that came within {@code ageMs}, linear within a bin. */
  double cdf(long ageMs) {
    if (total <= 0) {
      return 0;
    }
    double below = 0;
    long lower = 0;
    for (int i = 0; i < counts.length; i++) {
      long upper = EDGES_MS[i];
      if (ageMs <= upper) {
        double within =
            upper == Long.MAX_VALUE ? 0 : (double) (ageMs - lower) / (upper - lower) * counts[i];
        return Math.min(1, (below + within) / total);
      }
      below += counts[i];
      lower = upper;
    }
    return 1;
  }

  /** The age by which {@code share} of approvals came (the last bin's lower edge at most). */
  long quantileMs(double share) {
    if (total <= 0) {
      return 0;
    }
    double target = share * total;
    double below = 0;
    long lower = 0;
    for (int i = 0; i < counts.length; i++) {
      long upper = EDGES_MS[i];
      if (below + counts[i] >= target) {
        if (upper == Long.MAX_VALUE || counts[i] == 0) {
          return lower;
        }
        return lower + Math.round((target - below) / counts[i] * (upper - lower));
      }
      below += counts[i];
      lower = upper;
    }
    return lower;
  }
}
