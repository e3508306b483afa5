package dev.otpgateway.providers;

import java.time.Duration;
import java.time.Instant;
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
 * @param startedAt when this attempt was handed to the provider, so a lookup can tell it from an
 *     earlier message with the same text (a resend of a live code); null when not known (a send
 *     settled after the member that made it was lost), and a lookup's match is then ambiguous
 */
public record OutboundMessage(
    String reference,
    String to,
    String body,
    String sender,
    String callbackUrl,
    Duration validity,
    Instant startedAt) {
  public OutboundMessage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(validity, "validity");
  }

  /** A message whose start is not known: for a revoke, a settlement, or a test. */
  public OutboundMessage(
      String reference,
      String to,
      String body,
      String sender,
      String callbackUrl,
      Duration validity) {
    this(reference, to, body, sender, callbackUrl, validity, null);
  }

  /** The same message, handed to its provider at {@code at}. */
  public OutboundMessage startedAt(Instant at) {
    return new OutboundMessage(reference, to, body, sender, callbackUrl, validity, at);
  }

  @Override
  public String toString() {
    // The body carries the code; keep it out of any log line that prints a message.
    return "OutboundMessage[reference=" + reference + ", sender=" + sender + "]";
  }
}
