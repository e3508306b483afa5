package dev.otpgateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.json.Json;
import dev.otpgateway.json.Money;
import dev.otpgateway.ledger.CostReport;
import dev.otpgateway.ledger.LedgerStore;
import dev.otpgateway.ledger.ReportQuery;
import dev.otpgateway.tenancy.Tenant;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/reports/costs}: what messages cost, per tenant, provider, region, country,
 * channel, day or month, computed from the ledger exactly (DESIGN §4 Reports). A tenant key sees
 * its own rows; the admin key sees every tenant's. JSON, or CSV with {@code format=csv}.
 */
final class ReportHandlers {
  static final List<ReportQuery.Dimension> DEFAULT_GROUPS =
      List.of(
          ReportQuery.Dimension.TENANT,
          ReportQuery.Dimension.PROVIDER,
          ReportQuery.Dimension.REGION);

  /** The longest range one report covers: the ledger is read, not sampled. */
  static final long MAX_DAYS = 366;

  private static final Set<String> PARAMETERS = Set.of("from", "to", "group_by", "format");
  private static final List<String> MEASURES =
      List.of(
          "messages",
          "segments",
          "cost_usd",
          "baseline_cost_usd",
          "saving_usd",
          "carbon_grams",
          "verifications",
          "approved",
          "conversion_rate",
          "cost_per_approved_usd",
          "lookups",
          "lookup_cost_usd");

  private final LedgerStore ledger;
  private final Clock clock;

  ReportHandlers(LedgerStore ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  void costs(RoutingContext ctx) {
    Tenant tenant = Auth.tenantOf(ctx);
    ReportQuery query = query(ctx, tenant == null ? null : tenant.id());
    boolean csv = "csv".equals(ctx.queryParams().get("format"));
    ctx.vertx()
        .executeBlocking(() -> ledger.report(query), false)
        .onSuccess(
            report -> {
              if (csv) {
                ctx.response()
                    .setStatusCode(200)
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .end(csv(report));
              } else {
                Responses.send(ctx, 200, json(report));
              }
            })
        .onFailure(ctx::fail);
  }

  /** Reads and checks the query; every bad parameter is named in one 400. */
  private ReportQuery query(RoutingContext ctx, String tenant) {
    Map<String, String> errors = new LinkedHashMap<>();
    for (String name : ctx.queryParams().names()) {
      if (!PARAMETERS.contains(name)) {
        errors.put(name, "is not a known parameter; known: from, to, group_by, format");
      } else if (ctx.queryParams().getAll(name).size() > 1) {
        errors.put(name, "must be given once");
      }
    }
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate from = date(ctx, "from", today.withDayOfMonth(1), errors);
    LocalDate to = date(ctx, "to", today, errors);
    if (from != null && to != null) {
      if (to.isBefore(from)) {
        errors.put("to", "must not be before from");
      } else if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
        errors.put("to", "must be within " + MAX_DAYS + " days of from");
      }
    }
    List<ReportQuery.Dimension> groups = groups(ctx.queryParams().get("group_by"), errors);
    String format = ctx.queryParams().get("format");
    if (format != null && !format.equals("json") && !format.equals("csv")) {
      errors.put("format", "must be json or csv");
    }
    if (!errors.isEmpty()) {
      throw GatewayException.invalid("the report query has invalid parameters", errors);
    }
    return new ReportQuery(from, to, groups, tenant);
  }

  private static LocalDate date(
      RoutingContext ctx, String name, LocalDate fallback, Map<String, String> errors) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return fallback;
    }
    try {
      if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
      }
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      errors.put(name, "must be a date YYYY-MM-DD (UTC), e.g. 2026-12-01");
      return null;
    }
  }

  private static List<ReportQuery.Dimension> groups(String value, Map<String, String> errors) {
    if (value == null) {
      return DEFAULT_GROUPS;
    }
    List<ReportQuery.Dimension> groups = new ArrayList<>();
    for (String name : value.split(",", -1)) {
      ReportQuery.Dimension d = ReportQuery.Dimension.of(name.strip());
      if (d == null) {
        errors.put(
            "group_by",
            "must list some of tenant, provider, region, country, channel, day, month, comma"
                + " separated");
        return null;
      }
      if (groups.contains(d)) {
        errors.put("group_by", "names " + d.wireName() + " twice");
        return null;
      }
      groups.add(d);
    }
    return groups;
  }

  private static Map<String, Object> json(CostReport report) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", report.query().from().toString());
    out.put("to", report.query().to().toString());
    out.put("currency", "USD");
    out.put(
        "group_by",
        report.query().groupBy().stream().map(ReportQuery.Dimension::wireName).toList());
    List<ObjectNode> rows = new ArrayList<>();
    for (CostReport.Row row : report.rows()) {
      rows.add(jsonRow(row));
    }
    out.put("rows", rows);
    out.put("totals", jsonRow(report.totals()));
    return out;
  }

  /**
   * A row as a JSON object that keeps its nulls: the one mapper leaves null members out, but a
   * report's columns are all there in every row ({@code cost_per_approved_usd} is null when nothing
   * was approved).
   */
  private static ObjectNode jsonRow(CostReport.Row r) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    row(r).forEach((name, value) -> node.set(name, Json.MAPPER.valueToTree(value)));
    return node;
  }

  /** A row's keys, then its figures: money and grams as exact decimal strings. */
  private static Map<String, Object> row(CostReport.Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    r.keys().forEach((d, v) -> m.put(d.wireName(), v));
    m.put("messages", r.messages());
    m.put("segments", r.segments());
    m.put("cost_usd", Money.text(r.costUsd()));
    m.put("baseline_cost_usd", Money.text(r.baselineCostUsd()));
    m.put("saving_usd", Money.text(r.savingUsd()));
    m.put("carbon_grams", r.carbonGrams().stripTrailingZeros().toPlainString());
    m.put("verifications", r.verifications());
    m.put("approved", r.approved());
    m.put("conversion_rate", r.conversionRate());
    m.put("cost_per_approved_usd", Money.text(r.costPerApprovedUsd()));
    m.put("lookups", r.lookups());
    m.put("lookup_cost_usd", Money.text(r.lookupCostUsd()));
    return m;
  }

  private static String csv(CostReport report) {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>();
    report.query().groupBy().forEach(d -> header.add(d.wireName()));
    header.addAll(MEASURES);
    out.append(String.join(",", header)).append("\r\n");
    for (CostReport.Row r : report.rows()) {
      List<String> cells = new ArrayList<>();
      for (Object value : row(r).values()) {
        cells.add(cell(value));
      }
      out.append(String.join(",", cells)).append("\r\n");
    }
    return out.toString();
  }

  /** RFC 4180: a value with a comma, quote or line break is quoted, its quotes doubled. */
  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
        ? "\"" + text.replace("\"", "\"\"") + "\""
        : text;
  }
}
