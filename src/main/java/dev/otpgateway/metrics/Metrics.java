package dev.otpgateway.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Every metric the gateway exposes, by the names DESIGN.md fixes (dashboards and reports read
 * them). Label values come only through these typed methods: tenant ids, provider, region and
 * channel names, and fixed outcome words. A code, a key or a number never becomes a label.
 */
public final class Metrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private final Counter verifications =
      counter(
          "otp_verifications_total",
          "Verification starts by outcome.",
          "tenant",
          "region",
          "outcome");
  private final Counter messages =
      counter(
          "otp_messages_total",
          "Messages by provider and outcome (accepted, rejected, error, delivered, undelivered).",
          "provider",
          "region",
          "channel",
          "outcome");
  private final Counter cost =
      counter("otp_cost_usd_total", "What messages cost, in USD.", "tenant", "provider", "region");
  private final Counter baselineCost =
      counter(
          "otp_baseline_cost_usd_total",
          "What the same messages would have cost through the single baseline provider, in USD.",
          "tenant",
          "region");
  private final Counter carbon =
      counter(
          "otp_carbon_grams_total", "Carbon of messages, g CO2e.", "provider", "region", "channel");
  private final Histogram providerRequest =
      Histogram.builder()
          .name("otp_provider_request_seconds")
          .help("Time from handing a message to a provider until it answered.")
          .labelNames("provider")
          .classicUpperBounds(
              0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
          .classicOnly()
          .register(registry);
  private final Histogram delivery =
      Histogram.builder()
          .name("otp_delivery_seconds")
          .help("Time from a provider accepting a message to its delivery receipt.")
          .labelNames("provider", "region")
          .classicUpperBounds(0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120)
          .classicOnly()
          .register(registry);
  private final Gauge circuitState =
      Gauge.builder()
          .name("otp_circuit_state")
          .help("Circuit breaker per provider: 0 closed, 1 half-open, 2 open.")
          .labelNames("provider")
          .register(registry);
  private final Counter failovers =
      counter(
          "otp_failovers_total",
          "Failovers from one provider to the next.",
          "from",
          "to",
          "reason");
  private final Counter checks = counter("otp_checks_total", "Code checks by outcome.", "outcome");
  private final Counter rateLimited =
      counter("otp_rate_limited_total", "Requests refused by a rate limit.", "scope");
  private final Info rulesInfo =
      Info.builder()
          .name("otp_rules_info")
          .help("The routing rules in force, by version.")
          .labelNames("version")
          .register(registry);
  private final Counter conversions =
      counter(
          "otp_conversions_total",
          "Approved verifications, credited to the message the person read the code from.",
          "provider",
          "region",
          "channel");
  private final Gauge budgetUsed =
      Gauge.builder()
          .name("otp_budget_used_ratio")
          .help("Share of the tenant's monthly budget spent this UTC month.")
          .labelNames("tenant")
          .register(registry);
  private final Counter ledgerEntries =
      counter("otp_ledger_entries_total", "Entries written to the ledger.", "store");
  private final Gauge ledgerLag =
      Gauge.builder()
          .name("otp_ledger_lag_seconds")
          .help("Age of the oldest event not yet written to the ledger; 0 when it is caught up.")
          .register(registry);
  private final Gauge clusterMembers =
      Gauge.builder()
          .name("otp_cluster_members")
          .help(
              "Members in the cluster as this member sees it (a partition shows as a smaller one).")
          .register(registry);
  private final Gauge stateRecords =
      Gauge.builder()
          .name("otp_state_records")
          .help(
              "Records this member holds in memory, its own and its backups of other members', by"
                  + " map: verifications (live, and kept for reading after their code expired),"
                  + " destinations (buckets of numbers' rate windows, each number's kept for an"
                  + " hour after its last send, many numbers to a bucket).")
          .labelNames("map")
          .register(registry);
  private final Gauge stateBytes =
      Gauge.builder()
          .name("otp_state_bytes")
          .help(
              "Hazelcast's count of the bytes of the records in otp_state_records (keys, values,"
                  + " its per-record overhead; not the objects a start leaves elsewhere), by map.")
          .labelNames("map")
          .register(registry);
  private final Gauge admissionPace =
      Gauge.builder()
          .name("otp_admission_pace")
          .help(
              "New starts per second this member admits under its heap budget (admission.pacing);"
                  + " 0 while it does not pace.")
          .register(registry);
  private final Counter admissionRefused =
      counter(
          "otp_admission_refused_total",
          "Starts refused with 503 because this member could not take them now (memory, shutting"
              + " down).",
          "reason");
  private final Counter fraudDecisions =
      counter(
          "otp_fraud_decisions_total",
          "The fraud guard's decisions (allowed, blocked, flagged, bypassed, safe_listed,"
              + " failed_open), by the first signal that fired.",
          "tenant",
          "decision",
          "signal");
  private final Counter simSwapChecks =
      counter(
          "otp_sim_swap_checks_total",
          "SIM-swap checks by outcome (not_swapped, swapped, lookup_failed).",
          "outcome");
  private final Counter rulesReloadFailures =
      counter(
          "otp_rules_reload_failures_total",
          "Rules changes that failed to load; the last good rules stayed in force.");

  public Metrics() {
    JvmMetrics.builder().register(registry);
  }

  private Counter counter(String name, String help, String... labels) {
    return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
  }

  public void verification(String tenant, String region, String outcome) {
    verifications.labelValues(tenant, region, outcome).inc();
  }

  public void message(String provider, String region, String channel, String outcome) {
    messages.labelValues(provider, region, channel, outcome).inc();
  }

  public void cost(String tenant, String provider, String region, double usd, double baselineUsd) {
    cost.labelValues(tenant, provider, region).inc(usd);
    baselineCost.labelValues(tenant, region).inc(baselineUsd);
  }

  public void carbon(String provider, String region, String channel, double grams) {
    carbon.labelValues(provider, region, channel).inc(grams);
  }

  public void providerRequest(String provider, double seconds) {
    providerRequest.labelValues(provider).observe(seconds);
  }

  public void delivery(String provider, String region, double seconds) {
    delivery.labelValues(provider, region).observe(seconds);
  }

  /**
   * @param state 0 closed, 1 half-open, 2 open
   */
  public void circuitState(String provider, int state) {
    circuitState.labelValues(provider).set(state);
  }

  public void failover(String from, String to, String reason) {
    failovers.labelValues(from, to, reason).inc();
  }

  public void check(String outcome) {
    checks.labelValues(outcome).inc();
  }

  public void conversion(String provider, String region, String channel) {
    conversions.labelValues(provider, region, channel).inc();
  }

  public void budgetUsed(String tenant, double ratio) {
    budgetUsed.labelValues(tenant).set(ratio);
  }

  public void ledgerEntries(String store, int entries) {
    ledgerEntries.labelValues(store).inc(entries);
  }

  public void ledgerLag(double seconds) {
    ledgerLag.set(seconds);
  }

  public void clusterMembers(int members) {
    clusterMembers.set(members);
  }

  /**
   * @param map a fixed word: {@code verifications}, {@code destinations}
   */
  public void stateRecords(String map, long records, long bytes) {
    stateRecords.labelValues(map).set(records);
    stateBytes.labelValues(map).set(bytes);
  }

  public void admissionPace(double startsPerSecond) {
    admissionPace.set(startsPerSecond);
  }

  /**
   * @param reason a fixed word: {@code memory}, {@code shutting_down}
   */
  public void admissionRefused(String reason) {
    admissionRefused.labelValues(reason).inc();
  }

  public void fraudDecision(String tenant, String decision, String signal) {
    fraudDecisions.labelValues(tenant, decision, signal).inc();
  }

  public void simSwapCheck(String outcome) {
    simSwapChecks.labelValues(outcome).inc();
  }

  public void rateLimited(String scope) {
    rateLimited.labelValues(scope).inc();
  }

  /** Shows the rules now in force, and only them. */
  public void rulesInForce(String version) {
    rulesInfo.setLabelValues(version);
  }

  public void rulesReloadFailed() {
    rulesReloadFailures.inc();
  }

  public String contentType() {
    return writer.getContentType();
  }

  /** The Prometheus text exposition of every metric. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
