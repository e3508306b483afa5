package dev.otpgateway.routing;

/**
 * What the gateway has observed about one provider, as data: routing never asks a breaker itself.
 *
 * @param breaker the circuit-breaker state
 * @param successRate share of messages with a delivered receipt, 0 to 1; ignored without samples
 * @param samples how many messages {@code successRate} and {@code meanLatencyMs} are based on
 * @param meanLatencyMs mean time from send to delivery receipt; ignored without samples
 */
public record ProviderStatus(
    BreakerState breaker, double successRate, long samples, double meanLatencyMs)
    implements java.io.Serializable {

  /** A closed breaker and no observations: what a provider missing from a snapshot counts as. */
  public static final ProviderStatus UNOBSERVED = new ProviderStatus(BreakerState.CLOSED, 1, 0, 0);

  /** Validates ranges. */
  public ProviderStatus {
    Violations v = new Violations();
    if (breaker == null) {
      v.add("must be set", "breaker");
    }
    if (!(successRate >= 0 && successRate <= 1)) {
      v.add("must be between 0 and 1, but was " + successRate, "successRate");
    }
    if (samples < 0) {
      v.add("must be >= 0, but was " + samples, "samples");
    }
    v.requireNonNegative(meanLatencyMs, "meanLatencyMs");
    v.throwIfAny();
  }

  /** No observations, with the given breaker state. */
  public static ProviderStatus of(BreakerState breaker) {
    return new ProviderStatus(breaker, 1, 0, 0);
  }
}
