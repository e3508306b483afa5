package dev.otpgateway.routing;

import java.math.BigDecimal;

/**
 * One step of a volume-discounted price list.
 *
 * @param above the tier applies once this many billable units (SMS segments, or RCS messages) were
 *     already sent this month through this provider in this region; the first tier is {@code 0}
 * @param usd price per billable unit in USD, kept exact because finance reports add these up
 */
public record PriceTier(long above, BigDecimal usd) {

  /** Validates and normalises the price to at least four decimals, so 0.007 reads as 0.0070. */
  public PriceTier {
    Violations v = new Violations();
    if (above < 0) {
      v.add("must be >= 0, but was " + above, "above");
    }
    if (usd == null) {
      v.add("must be set", "usd");
    } else if (usd.signum() < 0) {
      v.add("must be >= 0, but was " + usd.toPlainString(), "usd");
    }
    v.throwIfAny();
    usd = Money.normalize(usd);
  }
}
