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
  private final SequenceWatch sequences = new SequenceWatch();
  private final Metrics metrics;
  private final Clock clock;

  public FraudGuard(FraudCounters counters, FraudSignals signals, Metrics metrics, Clock clock) {
    this.counters = counters;
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

  /** What the guard sees for a number now, for the admin preview: nothing is recorded. */
  public List<FraudSignals.Signal> view(Tenant tenant, String e164, String country) {
    return signals.evaluate(
        clock.millis(),
        views(tenant, e164, country),
        counters.view("t:" + tenant.id() + "|all"),
        country,
        0);
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
