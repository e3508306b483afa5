package dev.otpgateway.routing;

/**
 * Expected sends per code that works, {@code 1 / p}. With conversion-aware routing, {@code p} is
 * the route's estimated conversion rate (the share of its codes people approve, see {@link
 * ConversionModel}): the one signal a grey route that reports every message delivered cannot fake.
 * Without it, {@code p} is the delivery success rate receipts show, estimated with a prior of
 * {@value #PRIOR_SUCCESS} worth {@value #PRIOR_SAMPLES} messages (a Beta prior): a new provider
 * starts at the prior, and ten failures out of ten barely move it.
 *
 * <p>Why {@code 1 / p} and not {@code 1 - p}: normalised against the worst candidate it reads as
 * "messages (and money) spent per code that arrives", which compares fairly with the cost
 * component; a failure-rate ratio would make 1% vs 2% failures weigh like a doubled price.
 */
final class QualityScorer implements Scorer {
  static final double PRIOR_SUCCESS = 0.95;
  static final double PRIOR_SAMPLES = 50;

  @Override
  public double raw(
      Lane lane,
      RouteRequest request,
      ProviderStatus status,
      long monthlyVolume,
      double conversion) {
    return 1 / (Double.isNaN(conversion) ? successEstimate(status) : conversion);
  }

  /** The posterior mean success rate; always > 0 thanks to the prior. */
  static double successEstimate(ProviderStatus status) {
    double n = status.samples();
    return (status.successRate() * n + PRIOR_SUCCESS * PRIOR_SAMPLES) / (n + PRIOR_SAMPLES);
  }
}
