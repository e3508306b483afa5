package dev.otpgateway.routing;

/**
 * A provider's circuit-breaker state as the delivery layer last saw it. Only {@code OPEN} excludes
 * a provider: a half-open breaker must be offered traffic, or it could never close again.
 */
public enum BreakerState {
  CLOSED,
  HALF_OPEN,
  OPEN
}
