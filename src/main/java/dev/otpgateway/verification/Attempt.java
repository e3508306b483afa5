package dev.otpgateway.verification;

/**
 * One try to hand the code to one provider, and what became of it.
 *
 * @param number 1-based; with the verification id it forms the reference providers echo back
 * @param trigger why it was made: {@code initial}, {@code resend}, or {@code failover:<reason>}
 * @param outcome {@code accepted}, or {@code failed} with a reason
 * @param failureKind retryable, permanent or ambiguous, for a failed attempt
 * @param delivery what receipts said: {@code pending}, {@code delivered}, {@code failed}, {@code
 *     revoked}, {@code timed_out}; {@code none} for an attempt that was not accepted
 */
public record Attempt(
    int number,
    String provider,
    String channel,
    String trigger,
    String outcome,
    String failureKind,
    String reason,
    String providerMessageId,
    long at,
    String delivery,
    long deliveryAt,
    double costUsd,
    int segments)
    implements java.io.Serializable {

  public static final String ACCEPTED = "accepted";
  public static final String FAILED = "failed";

  public boolean accepted() {
    return ACCEPTED.equals(outcome);
  }

  /** Whether delivery is still unknown: accepted, and no final receipt yet. */
  public boolean awaitingReceipt() {
    return accepted() && "pending".equals(delivery);
  }

  public Attempt withDelivery(String newDelivery, long when) {
    return new Attempt(
        number,
        provider,
        channel,
        trigger,
        outcome,
        failureKind,
        reason,
        providerMessageId,
        at,
        newDelivery,
        when,
        costUsd,
        segments);
  }
}
