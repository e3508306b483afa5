package dev.otpgateway.routing;

/**
 * One soft criterion. A scorer gives a raw value in its own unit (USD, ms, g, sends); lower is
 * better. {@link ScoreCombiner} normalises the raw values and applies the weights.
 */
interface Scorer {
  /** The raw value of sending {@code request} over {@code lane}. Must not allocate. */
  double raw(Lane lane, RouteRequest request, ProviderStatus status, long monthlyVolume);
}
