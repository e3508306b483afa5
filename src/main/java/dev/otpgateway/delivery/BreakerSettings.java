package dev.otpgateway.delivery;

import java.time.Duration;

/**
 * When a provider's breaker opens and when it tries again.
 *
 * @param maxFailures failures within {@code window} that open the breaker
 * @param reset how long it stays open before one trial call (half-open)
 */
public record BreakerSettings(int maxFailures, Duration window, Duration reset) {
  public BreakerSettings {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be at least 1, but was " + maxFailures);
    }
    if (window.isNegative() || window.isZero() || reset.isNegative() || reset.isZero()) {
      throw new IllegalArgumentException("window and reset must be positive");
    }
  }
}
