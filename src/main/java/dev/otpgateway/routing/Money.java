package dev.otpgateway.routing;

import java.math.BigDecimal;

/** Small helpers for USD amounts, which stay {@link BigDecimal} so ledgers add up exactly. */
final class Money {
  /** The only currency the rules price in. */
  static final String CURRENCY = "USD";

  private static final int MIN_SCALE = 4;

  private Money() {}

  /**
   * Strips trailing zeros but keeps four decimals at least: the same price always prints the same
   * way, whether the rules wrote {@code 0.007} or {@code 0.0070}.
   */
  static BigDecimal normalize(BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    return stripped.scale() < MIN_SCALE ? stripped.setScale(MIN_SCALE) : stripped;
  }
}
