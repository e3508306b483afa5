package dev.otpgateway.verification;

import dev.otpgateway.numbers.Destination;
import dev.otpgateway.otp.Transaction;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.Risk;

/**
 * A validated start request.
 *
 * @param fraudCheck false when the start asks to skip the fraud guard (only tenants with {@code
 *     allow_bypass} may)
 * @param pushPending the app is still waiting for a push acknowledgement: hold the code until
 *     {@code ackTimeoutMillis} pass without a cancel
 */
public record StartCommand(
    Destination destination,
    boolean pushPending,
    int ackTimeoutMillis,
    Risk risk,
    ChannelPreference channel,
    String locale,
    String appHash,
    String webOtpDomain,
    boolean consent,
    String userRef,
    String deviceId,
    Transaction transaction,
    boolean fraudCheck) {

  /** What the code is bound to: the transaction it approves, or nothing. */
  public String binding() {
    return transaction == null ? "" : transaction.canonical();
  }
}
