package dev.otpgateway.providers.simulator;

/**
 * How long something takes in the simulator: a provider's answer, or the receipt after a message.
 * Either always the same ({@link Fixed}), or drawn from a log-normal distribution given by its
 * median and 99th percentile ({@link LogNormal}), the usual shape of network and queueing delays:
 * most are near the median, a few are far slower.
 */
public sealed interface Delay {

  /** The same delay every time. */
  record Fixed(int ms) implements Delay {}

  /**
   * A log-normal delay. Draws come from a generator seeded with {@code seed}, so the same settings
   * and the same sequence of calls give the same delays on every run.
   *
   * @param medianMs half of the draws are shorter
   * @param p99Ms 99 in 100 draws are shorter; equal to the median means no spread at all
   */
  record LogNormal(int medianMs, int p99Ms, long seed) implements Delay {
    /** The standard normal's 99th percentile. */
    static final double Z_99 = 2.3263478740408408;

    double mu() {
      return Math.log(medianMs);
    }

    double sigma() {
      return Math.log((double) p99Ms / medianMs) / Z_99;
    }
  }
}
