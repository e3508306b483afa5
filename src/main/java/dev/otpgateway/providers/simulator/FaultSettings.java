package dev.otpgateway.providers.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How one simulated provider behaves, for all destinations or for one country's: whether it is
 * down, how often and how it fails, how slowly it answers, what receipt follows an accepted message
 * and when, how often a message silently never arrives, and the per-number facts it answers from
 * (which handsets take RCS, whose SIM was swapped when).
 *
 * @param latency how long each API call takes to answer
 * @param dlrDelay how long after acceptance the receipt is sent
 * @param silentDropRate share of accepted messages that never reach the handset, whatever the
 *     receipt says (a grey route: only conversions reveal it)
 * @param dlrDuplicateRate share of receipts the provider sends twice
 * @param dlrLateRate share of receipts held back a further {@code dlrLateMs}
 * @param rcsCapable numbers the RBM capability check reports as RCS-reachable
 * @param simSwapped numbers whose SIM changed, and how long ago (Twilio Lookup's {@code
 *     swapped_period})
 */
public record FaultSettings(
    boolean down,
    double errorRate,
    int errorStatus,
    Delay latency,
    Dlr dlr,
    Delay dlrDelay,
    double silentDropRate,
    double dlrDuplicateRate,
    double dlrLateRate,
    int dlrLateMs,
    Set<String> rcsCapable,
    Map<String, Duration> simSwapped) {

  /** The longest API answer that can be scripted. */
  public static final int MAX_LATENCY_MS = 60_000;

  /** The longest receipt delay that can be scripted. */
  public static final int MAX_DLR_DELAY_MS = 600_000;

  /** The longest a late receipt can be held back. */
  public static final int MAX_DLR_LATE_MS = 3_600_000;

  /** A healthy provider: answers at once, delivers, and sends the receipt shortly after. */
  public static final FaultSettings HEALTHY =
      new FaultSettings(
          false,
          0.0,
          500,
          new Delay.Fixed(0),
          Dlr.DELIVERED,
          new Delay.Fixed(20),
          0.0,
          0.0,
          0.0,
          60_000,
          Set.of(),
          Map.of());

  /**
   * @throws InvalidSettingsException naming every field whose value is out of range
   */
  public FaultSettings {
    Map<String, String> errors = new LinkedHashMap<>();
    share(errors, "error_rate", errorRate);
    if (errorStatus < 400 || errorStatus > 599) {
      errors.put(
          "error_status", "must be an HTTP error status from 400 to 599, but was " + errorStatus);
    }
    delay(errors, "latency", latency, MAX_LATENCY_MS);
    delay(errors, "dlr_delay", dlrDelay, MAX_DLR_DELAY_MS);
    share(errors, "silent_drop_rate", silentDropRate);
    share(errors, "dlr_duplicate_rate", dlrDuplicateRate);
    share(errors, "dlr_late_rate", dlrLateRate);
    if (dlrLateMs < 0 || dlrLateMs > MAX_DLR_LATE_MS) {
      errors.put("dlr_late_ms", "must be from 0 to " + MAX_DLR_LATE_MS + ", but was " + dlrLateMs);
    }
    simSwapped.forEach(
        (number, ago) -> {
          if (ago.isNegative()) {
            errors.put("sim_swapped." + number, "must not be negative, but was " + ago);
          }
        });
    if (dlr == null) {
      errors.put("dlr", "must be one of delivered, failed, none");
    }
    if (!errors.isEmpty()) {
      throw new InvalidSettingsException(errors);
    }
    rcsCapable = Set.copyOf(rcsCapable);
    simSwapped = Collections.unmodifiableMap(new TreeMap<>(simSwapped));
  }

  private static void share(Map<String, String> errors, String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      errors.put(field, "must be from 0 to 1, but was " + value);
    }
  }

  /** Checks a delay, naming the field as the control API does: {@code latency_ms} or latency. */
  private static void delay(Map<String, String> errors, String field, Delay delay, int maxMs) {
    if (delay instanceof Delay.Fixed f && (f.ms() < 0 || f.ms() > maxMs)) {
      errors.put(field + "_ms", "must be from 0 to " + maxMs + ", but was " + f.ms());
    } else if (delay instanceof Delay.LogNormal d) {
      if (d.medianMs() < 1 || d.medianMs() > maxMs) {
        errors.put(
            field + ".median_ms", "must be from 1 to " + maxMs + ", but was " + d.medianMs());
      } else if (d.p99Ms() < d.medianMs() || d.p99Ms() > maxMs) {
        errors.put(
            field + ".p99_ms",
            "must be from median_ms (" + d.medianMs() + ") to " + maxMs + ", but was " + d.p99Ms());
      }
    } else if (delay == null) {
      errors.put(field, "is required");
    }
  }

  /** What receipt follows an accepted message. */
  public enum Dlr {
    /** The handset gets the message, then a "delivered" receipt follows. */
    DELIVERED,
    /** The handset does not get it, and a "failed" receipt follows. */
    FAILED,
    /** The handset gets the message, and no receipt ever comes. */
    NONE
  }
}
