package dev.otpgateway.routing;

import java.math.BigDecimal;

/**
 * What the region's single-provider baseline would have charged for the same message, so finance
 * can report what routing saved.
 *
 * @param provider the baseline provider
 * @param unitPriceUsd its SMS price per segment at the tier the region's total volume reaches
 * @param estimatedCostUsd {@code unitPriceUsd} times the message's segments
 */
public record Baseline(String provider, BigDecimal unitPriceUsd, BigDecimal estimatedCostUsd) {

  /** Requires every part. */
  public Baseline {
    if (provider == null || unitPriceUsd == null || estimatedCostUsd == null) {
      throw new IllegalArgumentException("provider and prices must be set");
    }
  }

  /** Always {@code USD}: the rules price in US dollars. */
  public String currency() {
    return Money.CURRENCY;
  }
}
