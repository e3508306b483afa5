package dev.otpgateway.routing;

/**
 * One soft criterion. A scorer gives a raw value in its own unit (USD, ms, g, sends); lower is
 * better. {@link ScoreCombiner} normalises the raw values and applies the weights.
 */
interface Scorer {
  /**
   * The raw value of sending {@code request} over {@code lane}. Must not allocate.
   *
   * @param conversion the lane's estimated conversion rate, or NaN when receipts score quality
   */
  double raw(
      Lane lane,
      RouteRequest request,
      ProviderStatus status,
      long monthlyVolume,
      double conversion);
}
