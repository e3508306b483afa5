package dev.otpgateway.providers;

import java.time.Instant;

/**
 * What a provider says became of one message.
 *
 * @param reference our reference for the attempt, as given in {@link OutboundMessage#reference()}
 * @param providerMessageId the provider's id of the message
 * @param status where the message is now
 * @param errorCode the provider's error code for a failure, or null
 * @param at when the provider says it happened (or when the receipt arrived, if it doesn't say)
 */
public record DeliveryReceipt(
    String reference, String providerMessageId, Status status, String errorCode, Instant at) {

  /** Receipt states, ordered: a message only moves forward through them. */
  public enum Status {
    SENT,
    DELIVERED,
    FAILED;

    public boolean isFinal() {
      return this != SENT;
    }
  }
}
