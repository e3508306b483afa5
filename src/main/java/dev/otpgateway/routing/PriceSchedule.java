package dev.otpgateway.routing;

import java.math.BigDecimal;
import java.util.List;

/**
 * A provider's price list for one channel in one region: tiers by monthly volume, the first from
 * zero, thresholds strictly increasing.
 *
 * @param tiers ordered by {@link PriceTier#above}
 */
public record PriceSchedule(List<PriceTier> tiers) {

  /** Rejects an empty list, a first tier above zero and thresholds that do not increase. */
  public PriceSchedule {
    tiers = List.copyOf(tiers);
    Violations v = new Violations();
    if (tiers.isEmpty()) {
      v.add("must have at least one tier");
    } else if (tiers.get(0).above() != 0) {
      v.add("must be 0 for the first tier, but was " + tiers.get(0).above(), 0, "above");
    }
    for (int i = 1; i < tiers.size(); i++) {
      long previous = tiers.get(i - 1).above();
      long current = tiers.get(i).above();
      if (current <= previous) {
        v.add(
            "must be greater than the previous tier's " + previous + ", but was " + current,
            i,
            "above");
      }
    }
    v.throwIfAny();
  }

  /** The price per unit once {@code monthlyVolume} units were already sent this month. */
  public BigDecimal unitPrice(long monthlyVolume) {
    return tiers.get(tierIndex(monthlyVolume)).usd();
  }

  /** The index of the tier that applies once {@code monthlyVolume} units were already sent. */
  public int tierIndex(long monthlyVolume) {
    int chosen = 0;
    for (int i = 1; i < tiers.size(); i++) {
      if (monthlyVolume >= tiers.get(i).above()) {
        chosen = i;
      }
    }
    return chosen;
  }
}
