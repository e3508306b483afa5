package dev.otpgateway.providers.simulator;

import java.util.Set;

/**
 * How one simulated provider behaves: whether it is down, how often and how it fails, how slowly it
 * answers, what receipt follows an accepted message, and (RBM) which handsets take RCS.
 */
public record FaultSettings(
    boolean down,
    double errorRate,
    int errorStatus,
    int latencyMs,
    Dlr dlr,
    int dlrDelayMs,
    Set<String> rcsCapable) {

  /** A healthy provider: answers at once, delivers, and sends the receipt shortly after. */
  public static final FaultSettings HEALTHY =
      new FaultSettings(false, 0.0, 500, 0, Dlr.DELIVERED, 20, Set.of());

  public FaultSettings {
    if (errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException("error_rate must be from 0 to 1, but was " + errorRate);
    }
    if (errorStatus < 400 || errorStatus > 599) {
      throw new IllegalArgumentException(
          "error_status must be an HTTP error status from 400 to 599, but was " + errorStatus);
    }
    if (latencyMs < 0 || latencyMs > 60_000) {
      throw new IllegalArgumentException(
          "latency_ms must be from 0 to 60000, but was " + latencyMs);
    }
    if (dlrDelayMs < 0 || dlrDelayMs > 600_000) {
      throw new IllegalArgumentException(
          "dlr_delay_ms must be from 0 to 600000, but was " + dlrDelayMs);
    }
    rcsCapable = Set.copyOf(rcsCapable);
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
