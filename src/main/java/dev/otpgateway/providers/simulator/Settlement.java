package dev.otpgateway.providers.simulator;

import java.util.List;

/**
 * What becomes of a message a simulated provider accepted, as its settings decide.
 *
 * @param dlr what the receipt says
 * @param reachesHandset whether the person gets the message: a silent drop reports delivered and
 *     delivers nothing
 * @param receiptDelaysMs when each receipt goes out, counted from acceptance: none, one, or the
 *     original and its duplicate
 */
public record Settlement(
    FaultSettings.Dlr dlr, boolean reachesHandset, List<Integer> receiptDelaysMs) {
  public Settlement {
    receiptDelaysMs = List.copyOf(receiptDelaysMs);
  }
}
