package dev.otpgateway.providers;

import java.time.Duration;
import java.util.Objects;

/**
 * One message to hand to a provider.
 *
 * @param reference our id for this attempt; providers echo it in receipts, and lookups use it
 * @param to the destination in E.164
 * @param body the text, which holds the code: never log it
 * @param sender the sender id the rules chose for this provider and region
 * @param callbackUrl where this provider should send the receipt for this message
 * @param validity how long the provider may keep trying to deliver it
 */
public record OutboundMessage(
    String reference,
    String to,
    String body,
    String sender,
    String callbackUrl,
    Duration validity) {
  public OutboundMessage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(validity, "validity");
  }

  @Override
  public String toString() {
    // The body carries the code; keep it out of any log line that prints a message.
    return "OutboundMessage[reference=" + reference + ", sender=" + sender + "]";
  }
}
