package dev.otpgateway.abuse;

import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantFraud;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fraud guard against SMS pumping (DESIGN §6b): before a code is sent, the counts of the
 * destination's country and number prefixes, for the tenant and for every tenant, and the run of
 * recent numbers near this one, are weighed by {@link FraudSignals}. No call leaves this member:
 * the counts are local and merged with the cluster's every second ({@link FraudCounters}). A guard
 * that fails lets the start through and says so in {@code otp_fraud_decisions_total{decision=
 * "failed_open"}}; it never turns into a 5xx.
 */
public final class FraudGuard {
  private static final Logger LOG = Logger.getLogger(FraudGuard.class.getName());

  private final FraudCounters counters;
  private final FraudSignals signals;
  private final SequenceWatch sequences;
  private final Metrics metrics;
  private final Clock clock;

  public FraudGuard(FraudCounters counters, FraudSignals signals, Metrics metrics, Clock clock) {
    this.counters = counters;
    this.sequences = counters.sequences();
    this.signals = signals;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Weighs one start.
   *
   * @param skip the start asked to skip the guard ({@code fraud_check: false}); the caller has
   *     checked the tenant allows it
   */
  public FraudDecision assess(Tenant tenant, String e164, String country, boolean skip) {
    TenantFraud settings = tenant.fraud();
    FraudDecision decision;
    if (settings.mode() == TenantFraud.Mode.OFF) {
      decision = FraudDecision.of(FraudDecision.Verdict.ALLOWED);
    } else if (skip) {
      decision = FraudDecision.of(FraudDecision.Verdict.BYPASSED);
    } else if (settings.safe(e164)) {
      decision = FraudDecision.of(FraudDecision.Verdict.SAFE_LISTED);
    } else {
      decision = weigh(tenant, e164, country, settings.mode());
    }
    metrics.fraudDecision(tenant.id(), decision.verdict().wireName(), decision.primarySignal());
    return decision;
  }

  /**
   * The guard's view of a number for an admin: the counts it weighs, the signals they fire, and
   * what a start now would be told. Nothing is recorded.
   *
   * @param verdict what a start to this number would get now (without a bypass)
   * @param subjects the counts behind the decision, tenant scope first
   * @param stale whether this member's last exchange with the cluster failed, so the counts are its
   *     own
   */
  public record Preview(
      TenantFraud.Mode mode,
      FraudDecision.Verdict verdict,
      List<FraudSignals.Signal> signals,
      List<Subject> subjects,
      boolean stale) {}

  /**
   * One subject's counts: the last hour, the last 24 hours, and the fourteen days before today.
   *
   * @param scope {@code tenant} or {@code all}
   * @param subject {@code country XX} or {@code prefix +NNNNNN}
   */
  public record Subject(
      String scope,
      String subject,
      WindowCounts.Tally hour,
      WindowCounts.Tally day,
      WindowCounts.Tally history) {}

  public Preview preview(Tenant tenant, String e164, String country) {
    long now = clock.millis();
    List<FraudSignals.View> views = views(tenant, e164, country);
    List<FraudSignals.Signal> fired =
        signals.evaluate(
            now,
            views,
            counters.view("t:" + tenant.id() + "|all"),
            country,
            sequences.peek(tenant.id(), e164, now));
    TenantFraud settings = tenant.fraud();
    FraudDecision.Verdict verdict;
    if (settings.mode() == TenantFraud.Mode.OFF || fired.isEmpty()) {
      verdict = FraudDecision.Verdict.ALLOWED;
    } else if (settings.safe(e164)) {
      verdict = FraudDecision.Verdict.SAFE_LISTED;
    } else {
      verdict =
          settings.mode() == TenantFraud.Mode.BLOCK
              ? FraudDecision.Verdict.BLOCKED
              : FraudDecision.Verdict.FLAGGED;
    }
    List<Subject> subjects = new ArrayList<>();
    for (FraudSignals.View v : views) {
      subjects.add(subject(v.scope(), "country " + v.country(), v.countryCounts(), now));
      for (int i = 0; i < v.prefixes().length; i++) {
        subjects.add(subject(v.scope(), "prefix " + v.prefixes()[i], v.prefixCounts()[i], now));
      }
    }
    return new Preview(settings.mode(), verdict, fired, subjects, counters.stale());
  }

  private static Subject subject(String scope, String subject, WindowCounts c, long now) {
    return new Subject(scope, subject, c.lastMinutes(now, 60, 0), c.lastDay(now), c.history(now));
  }

  private FraudDecision weigh(Tenant tenant, String e164, String country, TenantFraud.Mode mode) {
    try {
      long now = clock.millis();
      int run = sequences.record(tenant.id(), e164, now);
      List<FraudSignals.Signal> fired =
          signals.evaluate(
              now,
              views(tenant, e164, country),
              counters.view("t:" + tenant.id() + "|all"),
              country,
              run);
      if (fired.isEmpty()) {
        return FraudDecision.of(FraudDecision.Verdict.ALLOWED);
      }
      return new FraudDecision(
          mode == TenantFraud.Mode.BLOCK
              ? FraudDecision.Verdict.BLOCKED
              : FraudDecision.Verdict.FLAGGED,
          fired);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the fraud guard failed; the start goes on", e);
      return FraudDecision.of(FraudDecision.Verdict.FAILED_OPEN);
    }
  }

  private List<FraudSignals.View> views(Tenant tenant, String e164, String country) {
    List<FraudSignals.View> views = new ArrayList<>(2);
    for (String scope : new String[] {"t:" + tenant.id(), "*"}) {
      int levels = FraudSignals.PREFIX_LENGTHS.length;
      String[] prefixes = new String[levels];
      WindowCounts[] counts = new WindowCounts[levels];
      for (int i = 0; i < levels; i++) {
        prefixes[i] = FraudCounters.prefix(e164, FraudSignals.PREFIX_LENGTHS[i]);
        counts[i] =
            counters.view(scope + "|p" + FraudSignals.PREFIX_LENGTHS[i] + ":" + prefixes[i]);
      }
      views.add(
          new FraudSignals.View(
              scope.equals("*") ? "all" : "tenant",
              country,
              counters.view(scope + "|c:" + country),
              prefixes,
              counts));
    }
    return views;
  }
}
