package dev.otpgateway.verification;

import dev.otpgateway.delivery.AttemptRef;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.routing.Channel;
import java.math.BigDecimal;

/**
 * One try to hand the code to one provider, and what became of it.
 *
 * @param number 1-based; with the verification id it forms the {@link AttemptRef} providers echo
 * @param accepted whether the provider took the message
 * @param failureKind retryable, permanent or ambiguous, for an attempt not accepted
 * @param reason why it failed ({@code http_503}, {@code circuit_open}, ...), or how it was accepted
 *     when that is notable ({@code found_after_timeout}); else null
 * @param priceUsd what it cost: its price at the tier in force, zero when not accepted
 * @param segments what it counts in SMS segments; an RCS message counts 1
 * @param carbonGrams its g CO2e, as the rules estimate it; zero when not accepted
 * @param deliveryDueAt when its receipt is due (accepted: sent + the region's delivery timeout),
 *     after which it fails over; 0 when not accepted. Kept here, in the replicated record, so the
 *     deadline outlives the member that armed its timer.
 */
public record Attempt(
    int number,
    String provider,
    Channel channel,
    SendTrigger trigger,
    boolean accepted,
    FailureKind failureKind,
    String reason,
    String providerMessageId,
    long at,
    DeliveryState delivery,
    long deliveryAt,
    BigDecimal priceUsd,
    int segments,
    double carbonGrams,
    long deliveryDueAt)
    implements java.io.Serializable {

  /** Whether delivery is still unknown: accepted, and no final receipt yet. */
  public boolean awaitingReceipt() {
    return accepted && delivery == DeliveryState.PENDING;
  }

  /** How the API spells the outcome. */
  public String outcomeName() {
    return accepted ? "accepted" : "failed";
  }

  public Attempt withDelivery(DeliveryState newDelivery, long when) {
    return new Attempt(
        number,
        provider,
        channel,
        trigger,
        accepted,
        failureKind,
        reason,
        providerMessageId,
        at,
        newDelivery,
        when,
        priceUsd,
        segments,
        carbonGrams,
        deliveryDueAt);
  }

  /** The reference providers echo for this attempt. */
  public AttemptRef ref(String verificationId) {
    return new AttemptRef(verificationId, number);
  }
}
