package dev.otpgateway.routing;

import java.util.SplittableRandom;

/**
 * A route's conversion rate as a Beta posterior. The prior is worth {@value #PRIOR_SENDS} sends and
 * is centred on what the route's peers convert: the country's other routes on the channel, or the
 * channel in every other country, whichever converts better (else {@value #DEFAULT_PRIOR_MEAN}).
 * Judging a route against its peers rather than a fixed number keeps apps and countries whose
 * people convert less from looking like bad routes; taking the better of the two keeps a route
 * nobody has tried in a country from inheriting the failures of the one route that was tried there,
 * which is what a grey route would otherwise hide behind. The optimism costs little: a route that
 * is tried because of it shows its real rate within a few dozen sends.
 *
 * <p>Evidence beyond {@value #MAX_SENDS} effective sends is scaled down to that, so the estimate
 * always stays able to move (a route can recover; a good one can turn grey).
 */
final class ConversionModel {
  static final double PRIOR_SENDS = 10;
  static final double DEFAULT_PRIOR_MEAN = 0.8;

  /** Peers with fewer effective sends than this say too little to centre a prior on. */
  static final double MIN_POOL_SENDS = 30;

  static final double MAX_SENDS = 300;

  /** Prior means are kept off 0 and 1, where a Beta draw would be degenerate. */
  private static final double MIN_MEAN = 0.02;

  private ConversionModel() {}

  /**
   * The posterior of one route.
   *
   * @param own the route's evidence
   * @param countryPeers the other routes to the same country on the same channel, together
   * @param elsewhere every route on the channel to every other country, together
   */
  static Posterior posterior(
      ConversionEvidence own, ConversionEvidence countryPeers, ConversionEvidence elsewhere) {
    double prior = -1;
    if (countryPeers.sends() >= MIN_POOL_SENDS) {
      prior = countryPeers.rate();
    }
    if (elsewhere.sends() >= MIN_POOL_SENDS) {
      prior = Math.max(prior, elsewhere.rate());
    }
    prior = prior < 0 ? DEFAULT_PRIOR_MEAN : Math.min(1 - MIN_MEAN, Math.max(MIN_MEAN, prior));
    double sends = own.sends();
    double approved = Math.min(own.approved(), sends);
    if (sends > MAX_SENDS) {
      approved *= MAX_SENDS / sends;
      sends = MAX_SENDS;
    }
    return new Posterior(
        prior * PRIOR_SENDS + approved, (1 - prior) * PRIOR_SENDS + (sends - approved), prior, own);
  }

  /** A Beta({@code alpha}, {@code beta}) posterior; {@code prior} is the mean it started from. */
  record Posterior(double alpha, double beta, double prior, ConversionEvidence evidence) {
    double mean() {
      return alpha / (alpha + beta);
    }

    /** A draw from the posterior (Thompson sampling). */
    double draw(SplittableRandom random) {
      double x = gamma(alpha, random);
      double y = gamma(beta, random);
      return x / (x + y);
    }

    ConversionEstimate estimate(double scored) {
      return new ConversionEstimate(mean(), evidence.approved(), evidence.sends(), prior, scored);
    }
  }

  /**
   * A Gamma(shape, 1) draw: Marsaglia and Tsang's method for shape >= 1, boosted by {@code U^(1 /
   * shape)} below 1 (ACM TOMS 26(3), 2000).
   */
  static double gamma(double shape, SplittableRandom random) {
    if (shape < 1) {
      return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal(random);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** A standard normal draw (Marsaglia's polar method). */
  private static double normal(SplittableRandom random) {
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
