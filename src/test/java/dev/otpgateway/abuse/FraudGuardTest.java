package dev.otpgateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantFraud;
import dev.otpgateway.tenancy.TenantLimits;
import dev.otpgateway.tenancy.TenantSimSwap;
import dev.otpgateway.testing.Scrape;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FraudGuardTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:30:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String PUMPED = "+12025550177";

  private final Metrics metrics = new Metrics();
  private final FraudCounters counters =
      new FraudCounters(null, additions -> Future.succeededFuture(Map.of()), CLOCK);
  private final FraudGuard guard =
      new FraudGuard(counters, new FraudSignals(FraudSignals.Thresholds.DEFAULT), metrics, CLOCK);

  private static Tenant tenant(TenantFraud fraud) {
    return new Tenant(
        "acme",
        "Acme",
        "0".repeat(64),
        null,
        TenantLimits.DEFAULTS,
        Map.of(),
        null,
        null,
        null,
        fraud,
        TenantSimSwap.DEFAULT,
        false,
        0,
        0);
  }

  /** Fifteen codes to the pumped prefix five minutes ago, none approved. */
  private void pumpedPrefix() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      String to = "+120255501" + (10 + 5 * i);
      events.add(
          Event.builder("e" + i, EventType.STARTED, NOW.toEpochMilli() - 300_000, "acme")
              .verification("ver_" + i, to, "US")
              .build());
    }
    counters.accept(events);
  }

  private double decisions(String decision, String signal) {
    return Scrape.sum(
        new String(metrics.scrape(), StandardCharsets.UTF_8),
        "otp_fraud_decisions_total",
        Map.of("tenant", "acme", "decision", decision, "signal", signal));
  }

  @Test
  void a_quiet_number_is_allowed() {
    FraudDecision d = guard.assess(tenant(TenantFraud.DEFAULT), PUMPED, "US", false);

    assertThat(d.verdict()).isEqualTo(FraudDecision.Verdict.ALLOWED);
    assertThat(d.signals()).isEmpty();
    assertThat(decisions("allowed", "none")).isEqualTo(1);
  }

  @Test
  void block_mode_blocks_on_the_signals_it_names() {
    pumpedPrefix();

    FraudDecision d = guard.assess(tenant(TenantFraud.DEFAULT), PUMPED, "US", false);

    assertThat(d.verdict()).isEqualTo(FraudDecision.Verdict.BLOCKED);
    assertThat(d.signals())
        .extracting(FraudSignals.Signal::describe)
        .contains(
            "prefix_unconverted tenant prefix +120255 over 1h: 15 started, 0 approved"
                + " (at least 12 settled starts, none approved)");
    assertThat(decisions("blocked", "prefix_unconverted")).isEqualTo(1);
  }

  @Test
  void record_only_flags_and_lets_through() {
    pumpedPrefix();

    FraudDecision d =
        guard.assess(
            tenant(new TenantFraud(TenantFraud.Mode.RECORD_ONLY, List.of(), false)),
            PUMPED,
            "US",
            false);

    assertThat(d.verdict()).isEqualTo(FraudDecision.Verdict.FLAGGED);
    assertThat(d.signals()).isNotEmpty();
  }

  @Test
  void off_assesses_nothing() {
    pumpedPrefix();

    FraudDecision d =
        guard.assess(
            tenant(new TenantFraud(TenantFraud.Mode.OFF, List.of(), false)), PUMPED, "US", false);

    assertThat(d.verdict()).isEqualTo(FraudDecision.Verdict.ALLOWED);
  }

  @Test
  void a_safe_listed_prefix_or_number_is_never_blocked() {
    pumpedPrefix();
    Tenant byPrefix = tenant(new TenantFraud(TenantFraud.Mode.BLOCK, List.of("+1202555"), false));
    Tenant byNumber = tenant(new TenantFraud(TenantFraud.Mode.BLOCK, List.of(PUMPED), false));
    Tenant otherNumber =
        tenant(new TenantFraud(TenantFraud.Mode.BLOCK, List.of("+12025550178"), false));

    assertThat(guard.assess(byPrefix, PUMPED, "US", false).verdict())
        .isEqualTo(FraudDecision.Verdict.SAFE_LISTED);
    assertThat(guard.assess(byNumber, PUMPED, "US", false).verdict())
        .isEqualTo(FraudDecision.Verdict.SAFE_LISTED);
    assertThat(guard.assess(otherNumber, PUMPED, "US", false).verdict())
        .isEqualTo(FraudDecision.Verdict.BLOCKED);
  }

  @Test
  void a_bypassed_start_is_not_assessed() {
    pumpedPrefix();

    FraudDecision d =
        guard.assess(
            tenant(new TenantFraud(TenantFraud.Mode.BLOCK, List.of(), true)), PUMPED, "US", true);

    assertThat(d.verdict()).isEqualTo(FraudDecision.Verdict.BYPASSED);
    assertThat(decisions("bypassed", "none")).isEqualTo(1);
  }

  @Test
  void a_guard_that_fails_lets_the_start_through_and_counts_it() {
    // A number the guard cannot read (no digits after the plus) makes its arithmetic throw.
    FraudDecision d = guard.assess(tenant(TenantFraud.DEFAULT), "+1x", "US", false);

    assertThat(d.verdict()).isEqualTo(FraudDecision.Verdict.FAILED_OPEN);
    assertThat(decisions("failed_open", "none")).isEqualTo(1);
  }

  @Test
  void the_preview_shows_counts_signals_and_verdict_and_records_nothing() {
    pumpedPrefix();
    Tenant acme = tenant(TenantFraud.DEFAULT);

    FraudGuard.Preview p = guard.preview(acme, PUMPED, "US");

    assertThat(p.verdict()).isEqualTo(FraudDecision.Verdict.BLOCKED);
    assertThat(p.signals()).extracting(FraudSignals.Signal::name).contains("prefix_unconverted");
    assertThat(p.subjects())
        .extracting(s -> s.scope() + " " + s.subject() + " " + s.hour().started())
        .containsExactly(
            "tenant country US 15",
            "tenant prefix +120255 15",
            "tenant prefix +12025550 15",
            "all country US 15",
            "all prefix +120255 15",
            "all prefix +12025550 15");
    assertThat(p.stale()).isFalse();
    assertThat(decisions("blocked", "prefix_unconverted")).isZero();
    assertThat(guard.preview(acme, PUMPED, "US").subjects().get(0).hour().started()).isEqualTo(15);
  }
}
