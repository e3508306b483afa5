package dev.otpgateway.routing;

/**
 * Normalises raw scores and weighs them. Each raw component is divided by the largest value of that
 * component among the candidates on the same channel, so it lies in [0, 1] whatever its unit and a
 * weight means the same for cost as for latency; a component where all candidates are equal adds
 * the same to each and cannot reorder them. Channels are normalised apart because RCS and SMS
 * candidates are never ranked against each other (RCS goes first).
 */
final class ScoreCombiner {
  static final int COST = 0;
  static final int LATENCY = 1;
  static final int CARBON = 2;
  static final int QUALITY = 3;
  static final int COMPONENTS = 4;

  private ScoreCombiner() {}

  /**
   * Weighted parts for candidate {@code i}.
   *
   * @param raw raw values, {@code raw[component][candidate]}
   * @param max per channel ordinal, the largest raw value of each component
   */
  static ScoreBreakdown breakdown(double[][] raw, double[][] max, int channel, int i, Weights w) {
    double cost = w.cost() * normalised(raw[COST][i], max[channel][COST]);
    double latency = w.latency() * normalised(raw[LATENCY][i], max[channel][LATENCY]);
    double carbon = w.carbon() * normalised(raw[CARBON][i], max[channel][CARBON]);
    double quality = w.quality() * normalised(raw[QUALITY][i], max[channel][QUALITY]);
    return new ScoreBreakdown(cost, latency, carbon, quality, cost + latency + carbon + quality);
  }

  static double normalised(double value, double max) {
    return max > 0 ? value / max : 0;
  }
}
