package dev.otpgateway.json;

import java.math.BigDecimal;

/**
 * How an amount of USD is written wherever the gateway shows one: exact, four decimals at least.
 */
public final class Money {
  private Money() {}

  /** {@code 0.0075}, {@code 0.00375}, {@code 12.5000}; null stays null. */
  public static String text(BigDecimal usd) {
    if (usd == null) {
      return null;
    }
    BigDecimal stripped = usd.stripTrailingZeros();
    return (stripped.scale() < 4 ? stripped.setScale(4) : stripped).toPlainString();
  }
}
