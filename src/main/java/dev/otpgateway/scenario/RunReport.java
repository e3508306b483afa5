package dev.otpgateway.scenario;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one run of a scenario showed. Money, baseline and carbon are the ledger's own figures (its
 * cost report for the run's tenant); delivery, approvals and time to code are what the people saw;
 * the provider shares are the attempts the gateway reports. Percentages are of the legitimate
 * verifications; attack traffic is counted apart.
 *
 * @param ledger the cost report's totals: messages, cost, baseline, saving, carbon, verifications
 *     and approved, as {@code GET /v1/reports/costs} answered them
 * @param byProvider the cost report's rows by provider
 * @param attemptsCostUsd the accepted attempts' prices as the read answers show them, added up: the
 *     same money seen from the other side, which must equal the ledger's
 */
public record RunReport(
    String label,
    Map<String, Object> gateway,
    double trafficSeconds,
    long started,
    long verifications,
    Map<String, Long> refused,
    long errors,
    Map<String, Object> ledger,
    List<Map<String, Object>> byProvider,
    BigDecimal attemptsCostUsd,
    BigDecimal savingPct,
    double carbonGramsPerVerification,
    double deliveredByReceiptPct,
    double deliveredOnHandsetPct,
    double approvedPct,
    double timeToCodeP50Seconds,
    double timeToCodeP99Seconds,
    long resends,
    List<Slice> providerShareOverTime,
    List<CountryRow> byCountry,
    List<WatchResult> watches,
    Map<String, AttackResult> attacks,
    List<String> timeline) {

  /** Messages per provider in one stretch of the run, and each provider's share of them. */
  public record Slice(
      double fromSeconds, double toSeconds, long messages, Map<String, Double> sharePct) {}

  /** One destination country's legitimate traffic. */
  public record CountryRow(
      String country,
      long verifications,
      double approvedPct,
      double onHandsetPct,
      Map<String, Long> messagesByProvider) {}

  /**
   * A watched provider's share of the messages to one country, block by block of verifications in
   * the order they started.
   *
   * @param firstBelow10Pct the verification (1-based, to that country) after which the share first
   *     fell below 10% for a whole block; 0 if it never did
   */
  public record WatchResult(
      String provider,
      String country,
      int block,
      List<Block> blocks,
      long firstBelow10Pct,
      double approvedPct) {}

  public record Block(long from, long to, long messages, double sharePct) {}

  /**
   * What an attack's bots (or the legitimate people) got: starts, refusals by code, messages and
   * their price; and of the starts after the first {@link #GUARD_LEARNS} (a guard must see some
   * traffic before it can tell), how many the fraud guard blocked.
   */
  public record AttackResult(
      long started,
      Map<String, Long> refused,
      long verifications,
      long messages,
      BigDecimal costUsd,
      long startedAfterFirst,
      long blockedAfterFirst) {

    /** The share of all starts the fraud guard blocked, in %. */
    public double blockedPct() {
      return started == 0 ? 0 : 100.0 * refused.getOrDefault(FRAUD_BLOCKED, 0L) / started;
    }

    /** The share of the starts after the first {@link #GUARD_LEARNS} it blocked, in %. */
    public double blockedAfterFirstPct() {
      return startedAfterFirst == 0 ? 0 : 100.0 * blockedAfterFirst / startedAfterFirst;
    }
  }

  /** Starts of each attack (one range) before the guard is expected to block it (issue 12). */
  static final int GUARD_LEARNS = 50;

  static final String FRAUD_BLOCKED = "fraud_blocked";

  /** Figures a run is compared by, in the sitting's side-by-side table. */
  BigDecimal costUsd() {
    return money("cost_usd");
  }

  BigDecimal baselineUsd() {
    return money("baseline_cost_usd");
  }

  long messages() {
    Object m = ledger.get("messages");
    return m instanceof Number n ? n.longValue() : 0;
  }

  double carbonGrams() {
    Object c = ledger.get("carbon_grams");
    return c == null ? 0 : new BigDecimal(c.toString()).doubleValue();
  }

  private BigDecimal money(String field) {
    Object v = ledger.get(field);
    return v == null ? BigDecimal.ZERO : new BigDecimal(v.toString());
  }

  /** Builds the report of a run from its sessions and the ledger's cost report. */
  static RunReport of(
      String label,
      Map<String, Object> gateway,
      Scenario scenario,
      long runStartEpochMs,
      List<Session> sessions,
      JsonObject costReport,
      List<String> timeline) {
    List<Session> people = sessions.stream().filter(s -> !s.attack()).toList();
    List<Session> verified = people.stream().filter(Session::started).toList();
    Map<String, Long> refused = new TreeMap<>();
    people.stream()
        .filter(s -> s.refusal != null)
        .forEach(s -> refused.merge(s.refusal, 1L, Long::sum));
    long errors = people.stream().filter(s -> s.error != null).count();
    JsonObject totals = costReport.getJsonObject("totals", new JsonObject());
    Map<String, Object> ledger = new LinkedHashMap<>(totals.getMap());
    List<Map<String, Object>> byProvider = new ArrayList<>();
    JsonArray rows = costReport.getJsonArray("rows", new JsonArray());
    for (int i = 0; i < rows.size(); i++) {
      byProvider.add(rows.getJsonObject(i).getMap());
    }
    BigDecimal attemptsCost = BigDecimal.ZERO;
    long resends = 0;
    for (Session s : sessions) {
      for (Session.Attempt a : s.accepted()) {
        attemptsCost = attemptsCost.add(a.priceUsd());
      }
      resends += s.resends;
    }
    BigDecimal cost = new BigDecimal(String.valueOf(ledger.getOrDefault("cost_usd", "0")));
    BigDecimal baseline =
        new BigDecimal(String.valueOf(ledger.getOrDefault("baseline_cost_usd", "0")));
    BigDecimal savingPct =
        baseline.signum() == 0
            ? BigDecimal.ZERO
            : baseline
                .subtract(cost)
                .multiply(BigDecimal.valueOf(100))
                .divide(baseline, 2, RoundingMode.HALF_EVEN);
    long ledgerVerifications =
        ledger.get("verifications") instanceof Number n ? n.longValue() : verified.size();
    double carbon =
        ledger.get("carbon_grams") == null
            ? 0
            : new BigDecimal(ledger.get("carbon_grams").toString()).doubleValue();
    List<Double> timesToCode = new ArrayList<>();
    for (Session s : verified) {
      if (s.onHandset()) {
        timesToCode.add(Math.max(0, s.handsetAt - s.startedAt) / 1000.0);
      }
    }
    timesToCode.sort(Double::compare);
    return new RunReport(
        label,
        gateway,
        scenario.duration().toMillis() / 1000.0,
        people.size(),
        verified.size(),
        refused,
        errors,
        ledger,
        byProvider,
        attemptsCost,
        savingPct,
        ledgerVerifications == 0 ? 0 : carbon / ledgerVerifications,
        pct(verified.stream().filter(Session::deliveredByReceipt).count(), verified.size()),
        pct(verified.stream().filter(Session::onHandset).count(), verified.size()),
        pct(verified.stream().filter(s -> s.approved).count(), verified.size()),
        quantile(timesToCode, 0.50),
        quantile(timesToCode, 0.99),
        resends,
        slices(scenario, sessions, runStartEpochMs),
        countries(verified),
        watches(scenario, verified),
        attacks(scenario, sessions),
        timeline);
  }

  static double pct(long part, long whole) {
    return whole == 0 ? 0 : Math.round(part * 10_000.0 / whole) / 100.0;
  }

  /** The nearest-rank quantile of sorted values, in seconds to 0.1; 0 without values. */
  static double quantile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return Math.round(sorted.get(Math.max(0, rank - 1)) * 10) / 10.0;
  }

  private static List<Slice> slices(Scenario scenario, List<Session> sessions, long t0) {
    long total = scenario.duration().toMillis() + scenario.drain().toMillis();
    long width = Math.max(5_000, scenario.duration().toMillis() / 10);
    List<Slice> out = new ArrayList<>();
    for (long from = 0; from < total; from += width) {
      long to = from + width;
      Map<String, Long> counts = new TreeMap<>();
      long messages = 0;
      for (Session s : sessions) {
        for (Session.Attempt a : s.accepted()) {
          long at = a.atMs() - t0;
          if (at >= from && at < to) {
            counts.merge(a.provider(), 1L, Long::sum);
            messages++;
          }
        }
      }
      if (messages == 0 && from >= scenario.duration().toMillis()) {
        break;
      }
      Map<String, Double> share = new TreeMap<>();
      final long n = messages;
      counts.forEach((p, c) -> share.put(p, pct(c, n)));
      out.add(new Slice(from / 1000.0, to / 1000.0, messages, share));
    }
    return out;
  }

  private static List<CountryRow> countries(List<Session> verified) {
    Map<String, List<Session>> byCountry = new TreeMap<>();
    verified.forEach(
        s -> byCountry.computeIfAbsent(s.arrival.country(), c -> new ArrayList<>()).add(s));
    List<CountryRow> out = new ArrayList<>();
    byCountry.forEach(
        (country, list) -> {
          Map<String, Long> messages = new TreeMap<>();
          list.forEach(s -> s.accepted().forEach(a -> messages.merge(a.provider(), 1L, Long::sum)));
          out.add(
              new CountryRow(
                  country,
                  list.size(),
                  pct(list.stream().filter(s -> s.approved).count(), list.size()),
                  pct(list.stream().filter(Session::onHandset).count(), list.size()),
                  messages));
        });
    return out;
  }

  private static List<WatchResult> watches(Scenario scenario, List<Session> verified) {
    List<WatchResult> out = new ArrayList<>();
    for (Scenario.Watch w : scenario.watches()) {
      List<Session> toCountry =
          verified.stream().filter(s -> s.arrival.country().equals(w.country())).toList();
      List<Block> blocks = new ArrayList<>();
      long firstBelow = 0;
      for (int from = 0; from < toCountry.size(); from += w.block()) {
        List<Session> block = toCountry.subList(from, Math.min(toCountry.size(), from + w.block()));
        long messages = 0;
        long watched = 0;
        for (Session s : block) {
          for (Session.Attempt a : s.accepted()) {
            messages++;
            watched += a.provider().equals(w.provider()) ? 1 : 0;
          }
        }
        double share = pct(watched, messages);
        blocks.add(new Block(from + 1, from + block.size(), messages, share));
        if (firstBelow == 0 && messages > 0 && share < 10 && block.size() == w.block()) {
          firstBelow = from + block.size();
        }
      }
      out.add(
          new WatchResult(
              w.provider(),
              w.country(),
              w.block(),
              blocks,
              firstBelow,
              pct(toCountry.stream().filter(s -> s.approved).count(), toCountry.size())));
    }
    return out;
  }

  private static Map<String, AttackResult> attacks(Scenario scenario, List<Session> sessions) {
    Map<String, AttackResult> out = new LinkedHashMap<>();
    if (scenario.attacks().isEmpty()) {
      return out;
    }
    Map<String, List<Session>> byKind = new LinkedHashMap<>();
    byKind.put("legitimate", new ArrayList<>());
    scenario.attacks().forEach(a -> byKind.put(a.name(), new ArrayList<>()));
    sessions.forEach(s -> byKind.get(s.attack() ? s.arrival.attack() : "legitimate").add(s));
    byKind.forEach(
        (kind, list) -> {
          Map<String, Long> refused = new TreeMap<>();
          list.stream()
              .filter(s -> s.refusal != null)
              .forEach(s -> refused.merge(s.refusal, 1L, Long::sum));
          List<Session> later =
              list.stream()
                  .sorted(Comparator.comparingInt(x -> x.arrival.index()))
                  .skip(kind.equals("legitimate") ? 0 : GUARD_LEARNS)
                  .toList();
          long messages = 0;
          BigDecimal cost = BigDecimal.ZERO;
          for (Session s : list) {
            for (Session.Attempt a : s.accepted()) {
              messages++;
              cost = cost.add(a.priceUsd());
            }
          }
          out.put(
              kind,
              new AttackResult(
                  list.size(),
                  refused,
                  list.stream().filter(Session::started).count(),
                  messages,
                  cost,
                  later.size(),
                  later.stream().filter(x -> FRAUD_BLOCKED.equals(x.refusal)).count()));
        });
    return out;
  }

  /** Every provider any slice names, in order. */
  Iterable<String> providers() {
    TreeSet<String> names = new TreeSet<>();
    providerShareOverTime.forEach(s -> names.addAll(s.sharePct().keySet()));
    return names;
  }
}
