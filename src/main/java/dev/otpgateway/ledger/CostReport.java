package dev.otpgateway.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A cost report (DESIGN §4): per group, the messages sent and what they cost, what the region's
 * baseline provider would have charged, the carbon, and how many verifications those messages
 * served and got approved. Exact: money is decimal throughout.
 *
 * <p>A verification counts in a group when a message of it was sent there; an approval counts where
 * the message the person read the code from was sent (its provider and channel). SIM-swap look-ups
 * are a line of their own: their count and cost, apart from the messages'.
 */
public record CostReport(ReportQuery query, List<Row> rows, Row totals) {
  /** Rows in the order of their keys, dimension by dimension as grouped: the same everywhere. */
  public static final Comparator<Row> ROW_ORDER =
      (a, b) -> {
        for (Map.Entry<ReportQuery.Dimension, String> key : a.keys().entrySet()) {
          int c = key.getValue().compareTo(b.keys().get(key.getKey()));
          if (c != 0) {
            return c;
          }
        }
        return 0;
      };

  /** One group's figures; {@code keys} holds its value of each grouped dimension. */
  public record Row(
      Map<ReportQuery.Dimension, String> keys,
      long messages,
      long segments,
      BigDecimal costUsd,
      BigDecimal baselineCostUsd,
      BigDecimal carbonGrams,
      long verifications,
      long approved,
      long lookups,
      BigDecimal lookupCostUsd) {

    public BigDecimal savingUsd() {
      return baselineCostUsd.subtract(costUsd);
    }

    /** Approved per verification served, four decimals; zero without verifications. */
    public BigDecimal conversionRate() {
      return verifications == 0
          ? BigDecimal.ZERO.setScale(4)
          : BigDecimal.valueOf(approved)
              .divide(BigDecimal.valueOf(verifications), 4, RoundingMode.HALF_EVEN);
    }

    /** What one approved verification cost, six decimals; null when none was approved. */
    public BigDecimal costPerApprovedUsd() {
      return approved == 0
          ? null
          : costUsd.divide(BigDecimal.valueOf(approved), 6, RoundingMode.HALF_EVEN);
    }
  }
}
