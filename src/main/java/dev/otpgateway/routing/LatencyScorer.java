package dev.otpgateway.routing;

/**
 * Expected milliseconds from send to delivery: the rules' figure until there are {@value
 * #MIN_SAMPLES} observations, then a blend that counts the rules' figure as {@value #PRIOR_SAMPLES}
 * observations. So a handful of slow receipts cannot reorder the providers, and a provider that has
 * really slowed down is demoted within a few hundred messages.
 */
final class LatencyScorer implements Scorer {
  static final long MIN_SAMPLES = 20;
  static final double PRIOR_SAMPLES = 20;

  @Override
  public double raw(
      Lane lane,
      RouteRequest request,
      ProviderStatus status,
      long monthlyVolume,
      double conversion) {
    return expectedMs(lane.route().expectedLatencyMs(), status);
  }

  static double expectedMs(long rulesMs, ProviderStatus status) {
    if (status.samples() < MIN_SAMPLES) {
      return rulesMs;
    }
    double n = status.samples();
    return (rulesMs * PRIOR_SAMPLES + status.meanLatencyMs() * n) / (PRIOR_SAMPLES + n);
  }
}
