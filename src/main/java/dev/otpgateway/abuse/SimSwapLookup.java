package dev.otpgateway.abuse;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/**
 * Asks the network when a number's SIM last changed (Twilio Lookup v2, {@code Fields=sim_swap}).
 */
public interface SimSwapLookup {

  /** Fails when the look-up could not answer. */
  Future<LastSwap> lastSwap(String e164);

  /**
   * What the network said.
   *
   * @param swappedAt when the SIM last changed, or null when it did not say (or never)
   * @param period the window the answer covers (e.g. 7 days)
   * @param swappedInPeriod whether the SIM changed within that window
   */
  record LastSwap(Instant swappedAt, Duration period, boolean swappedInPeriod) {}
}
