package dev.otpgateway.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * What a cost report covers: the UTC days from {@code from} to {@code to}, both included, grouped
 * by some of the dimensions, for one tenant or (null) all.
 */
public record ReportQuery(LocalDate from, LocalDate to, List<Dimension> groupBy, String tenant) {
  public ReportQuery {
    groupBy = List.copyOf(groupBy);
  }

  /** What rows can be grouped by. */
  public enum Dimension {
    TENANT,
    PROVIDER,
    REGION,
    COUNTRY,
    CHANNEL,
    DAY,
    MONTH;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The dimension a wire name names, or null. */
    public static Dimension of(String name) {
      for (Dimension d : values()) {
        if (d.wireName().equals(name)) {
          return d;
        }
      }
      return null;
    }
  }
}
