package dev.otpgateway.routing;

/**
 * How much each normalised score component counts. Components are normalised to (0, 1] within a
 * channel, so weights compare like with like; they need not sum to 1, only be non-negative and not
 * all zero (all zero would make every provider tie).
 *
 * @param cost weight of the estimated price of this message
 * @param latency weight of the expected time to delivery
 * @param carbon weight of the estimated grams of CO2e
 * @param quality weight of the expected sends per delivered code (observed delivery success)
 */
public record Weights(double cost, double latency, double carbon, double quality) {

  /** Validates every weight and reports all bad ones together. */
  public Weights {
    Violations v = new Violations();
    v.requireNonNegative(cost, "cost");
    v.requireNonNegative(latency, "latency");
    v.requireNonNegative(carbon, "carbon");
    v.requireNonNegative(quality, "quality");
    if (cost == 0 && latency == 0 && carbon == 0 && quality == 0) {
      v.add("must not all be zero: every provider would tie");
    }
    v.throwIfAny();
  }
}
