package dev.otpgateway.routing;

/**
 * {@code circuit_open}: the provider's breaker is open. Half-open passes, since a breaker that
 * never gets a trial call never closes.
 */
final class BreakerFilter implements RequestFilter {
  @Override
  public ExclusionReason reason() {
    return ExclusionReason.CIRCUIT_OPEN;
  }

  @Override
  public String exclude(Lane lane, RouteRequest request, ProviderStatus status) {
    return status.breaker() == BreakerState.OPEN ? "the circuit breaker is open" : null;
  }
}
