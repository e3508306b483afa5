package dev.otpgateway.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds entries up into a {@link CostReport} in memory: how a store that keeps only text (the file
 * store) answers a report. {@link PostgresLedgerStore} asks SQL the same questions; the store
 * contract test holds the two to the same answers.
 */
final class ReportAggregator {
  /** The ledger's kind for a paid SIM-swap look-up. */
  static final String LOOKUP = "sim_swap_checked";

  private final ReportQuery query;
  private final Map<String, Group> groups = new HashMap<>();
  private final Group totals = new Group(Map.of());

  ReportAggregator(ReportQuery query) {
    this.query = query;
  }

  /** Adds one entry's fields, when the report covers it. */
  void add(Map<String, Object> entry) {
    String kind = (String) entry.get("event");
    boolean sent = "sent".equals(kind);
    if (!sent && !"approved".equals(kind) && !LOOKUP.equals(kind)) {
      return;
    }
    String tenant = (String) entry.get("tenant");
    if (query.tenant() != null && !query.tenant().equals(tenant)) {
      return;
    }
    Instant time = Instant.parse((String) entry.get("time"));
    LocalDate day = time.atZone(ZoneOffset.UTC).toLocalDate();
    if (day.isBefore(query.from()) || day.isAfter(query.to())) {
      return;
    }
    Map<ReportQuery.Dimension, String> keys = new LinkedHashMap<>();
    for (ReportQuery.Dimension d : query.groupBy()) {
      keys.put(d, key(d, entry, day));
    }
    Group group = groups.computeIfAbsent(keys.toString(), k -> new Group(keys));
    group.add(kind, entry);
    totals.add(kind, entry);
  }

  CostReport report() {
    List<CostReport.Row> rows = new ArrayList<>(groups.size());
    groups.values().forEach(g -> rows.add(g.row()));
    rows.sort(CostReport.ROW_ORDER);
    return new CostReport(query, rows, totals.row());
  }

  /** An entry's value of a dimension; {@code none} where the entry has none. */
  static String key(ReportQuery.Dimension d, Map<String, Object> entry, LocalDate day) {
    Object value =
        switch (d) {
          case TENANT -> entry.get("tenant");
          case PROVIDER -> entry.get("provider");
          case REGION -> entry.get("region");
          case COUNTRY -> entry.get("country");
          case CHANNEL -> entry.get("channel");
          case DAY -> day.toString();
          case MONTH -> day.toString().substring(0, 7);
        };
    return value == null ? "none" : value.toString();
  }

  private static final class Group {
    private final Map<ReportQuery.Dimension, String> keys;
    private long messages;
    private long segments;
    private BigDecimal cost = BigDecimal.ZERO;
    private BigDecimal baseline = BigDecimal.ZERO;
    private BigDecimal carbon = BigDecimal.ZERO;
    private final Set<String> verifications = new HashSet<>();
    private long approved;
    private long lookups;
    private BigDecimal lookupCost = BigDecimal.ZERO;

    Group(Map<ReportQuery.Dimension, String> keys) {
      this.keys = keys;
    }

    void add(String kind, Map<String, Object> entry) {
      if (LOOKUP.equals(kind)) {
        lookups++;
        lookupCost = lookupCost.add(decimal(entry.get("price_usd")));
        return;
      }
      if (!"sent".equals(kind)) {
        approved++;
        return;
      }
      messages++;
      segments += entry.get("segments") == null ? 0 : ((Number) entry.get("segments")).longValue();
      cost = cost.add(decimal(entry.get("price_usd")));
      baseline = baseline.add(decimal(entry.get("baseline_usd")));
      carbon = carbon.add(decimal(entry.get("carbon_g")));
      if (entry.get("verification") != null) {
        verifications.add((String) entry.get("verification"));
      }
    }

    CostReport.Row row() {
      return new CostReport.Row(
          keys,
          messages,
          segments,
          cost,
          baseline,
          carbon,
          verifications.size(),
          approved,
          lookups,
          lookupCost);
    }

    private static BigDecimal decimal(Object value) {
      return value == null ? BigDecimal.ZERO : new BigDecimal(value.toString());
    }
  }
}
