package dev.otpgateway.routing;

/**
 * What approvals have said about one route (a provider, a destination country, a channel), as
 * effective counts: recent messages count more than old ones, and a message counts as a send only
 * as far as it has had time to be approved (none just after it went out, fully once it is older
 * than the route's usual approval delay).
 *
 * @param approved messages on the route whose code was approved (a conversion)
 * @param sends messages sent on the route, weighted as above; an approved message always counts
 */
public record ConversionEvidence(double approved, double sends) implements java.io.Serializable {
  /** Nothing observed. */
  public static final ConversionEvidence NONE = new ConversionEvidence(0, 0);

  /** Requires finite counts of 0 or more. */
  public ConversionEvidence {
    Violations v = new Violations();
    v.requireNonNegative(approved, "approved");
    v.requireNonNegative(sends, "sends");
    v.throwIfAny();
  }

  /** Both counts added. */
  public ConversionEvidence plus(ConversionEvidence other) {
    return new ConversionEvidence(approved + other.approved, sends + other.sends);
  }

  /** Both counts less {@code other}'s, never below zero (for "everything but this route"). */
  ConversionEvidence minus(ConversionEvidence other) {
    return new ConversionEvidence(
        Math.max(0, approved - other.approved), Math.max(0, sends - other.sends));
  }

  /** The observed share approved; 0 without sends. */
  public double rate() {
    return sends > 0 ? Math.min(1, approved / sends) : 0;
  }
}
