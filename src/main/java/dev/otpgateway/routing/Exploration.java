package dev.otpgateway.routing;

/**
 * How one decision may explore: with probability {@code share} it ranks routes by a draw from each
 * route's conversion posterior (Thompson sampling) instead of by its mean, so a route with little
 * evidence, or one that may have recovered, still gets a bounded share of traffic. The randomness
 * comes in as {@code seed}: the same seed decides the same way, so a recorded decision re-runs
 * exactly.
 *
 * @param share the largest share of decisions that explore, 0 to {@value #MAX_SHARE}
 * @param seed seeds this decision's draws
 */
public record Exploration(double share, long seed) implements java.io.Serializable {
  /** The most a decision may be left to chance: the rest of the traffic follows the estimates. */
  public static final double MAX_SHARE = 0.5;

  /** Never explores: every decision ranks by the estimates' means (previews, audits by hand). */
  public static final Exploration NONE = new Exploration(0, 0);

  /** Validates the share. */
  public Exploration {
    if (!(share >= 0 && share <= MAX_SHARE)) {
      throw new IllegalArgumentException(
          "share must be from 0 to " + MAX_SHARE + ", but was " + share);
    }
  }
}
