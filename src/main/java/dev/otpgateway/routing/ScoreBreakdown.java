package dev.otpgateway.routing;

/**
 * A candidate's score: each part is its normalised component (0 to 1, relative to the worst
 * candidate on the same channel) times its weight, so the parts add up to {@code total}. Lower is
 * better.
 */
public record ScoreBreakdown(
    double cost, double latency, double carbon, double quality, double total) {

  /** Requires finite, non-negative parts. */
  public ScoreBreakdown {
    Violations v = new Violations();
    v.requireNonNegative(cost, "cost");
    v.requireNonNegative(latency, "latency");
    v.requireNonNegative(carbon, "carbon");
    v.requireNonNegative(quality, "quality");
    v.requireNonNegative(total, "total");
    v.throwIfAny();
  }
}
