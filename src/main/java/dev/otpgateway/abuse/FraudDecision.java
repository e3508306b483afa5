package dev.otpgateway.abuse;

import java.util.List;
import java.util.Locale;

/**
 * What the fraud guard decided for one start, and on which signals.
 *
 * @param signals what fired; empty when nothing did
 */
public record FraudDecision(Verdict verdict, List<FraudSignals.Signal> signals) {
  public FraudDecision {
    signals = List.copyOf(signals);
  }

  /** What happens to the start. */
  public enum Verdict {
    /** Nothing fired, or the guard is off for this start. */
    ALLOWED,
    /** Signals fired and the tenant's guard blocks: 403 fraud_blocked. */
    BLOCKED,
    /** Signals fired and the tenant's guard only records: the start goes on. */
    FLAGGED,
    /** The start skipped the guard ({@code fraud_check: false}, the tenant allows it). */
    BYPASSED,
    /** The number is on the tenant's safe list. */
    SAFE_LISTED,
    /** The guard failed; the start goes on (a guard never turns into an outage). */
    FAILED_OPEN;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static FraudDecision of(Verdict verdict) {
    return new FraudDecision(verdict, List.of());
  }

  /** The first signal's name, or {@code none}: the metric's label. */
  public String primarySignal() {
    return signals.isEmpty() ? "none" : signals.get(0).name();
  }
}
