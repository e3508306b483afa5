package dev.otpgateway.providers.rbm;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.ReceiptVerifier;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * Reads RBM's webhook calls. Each carries one event, base64-encoded in {@code message.data} of a
 * Pub/Sub-push-shaped envelope ({@code {"message": {"attributes", "data", "messageId",
 * "publishTime"}, "subscription"}}; "Receive events" guide, guides/build/events/receive-events),
 * signed as {@link RbmSignature} describes.
 *
 * <p>Events become receipts: {@code DELIVERED}, and {@code READ} (which implies it, and stands in
 * when the DELIVERED event was lost), say delivered; {@code TTL_EXPIRATION_REVOKED}, the platform
 * revoking a message whose TTL ran out undelivered, says failed, the documented trigger for a
 * fallback. Every other event ({@code IS_TYPING}, {@code TTL_EXPIRATION_REVOKE_FAILED}, which
 * leaves delivery unknown, subscriptions, user messages) yields no receipt.
 *
 * <p>No freshness window: RBM signs no timestamp meant for one, and it retries a webhook that did
 * not answer 200 for up to 7 days (webhook guide, "Behavior on delivery failure"), so a genuine
 * receipt may be old. A replayed event can only repeat a state the message already reached.
 */
public final class RbmReceiptVerifier implements ReceiptVerifier {
  private final RbmWebhookHandshake handshake;
  private final RbmSignature signature;
  private final Clock clock;

  public RbmReceiptVerifier(String clientToken, Clock clock) {
    this.handshake = new RbmWebhookHandshake(clientToken);
    this.signature = new RbmSignature(clientToken);
    this.clock = clock;
  }

  @Override
  public List<DeliveryReceipt> verify(WebhookRequest request) {
    String header = request.header(RbmSignature.HEADER);
    if (header == null || header.isBlank()) {
      throw WebhookRejectedException.unsigned("rbm: no X-Goog-Signature header");
    }
    byte[] event = eventBytes(request.body());
    if (!signature.verifies(event, header)) {
      throw WebhookRejectedException.forged("rbm: X-Goog-Signature does not match the event");
    }
    JsonObject json = object(event, "the signed event is not a JSON object");
    return receiptsOf(json);
  }

  /**
   * RBM's webhook handshake: echo the secret when the client token is ours, refuse it otherwise.
   */
  @Override
  public java.util.Optional<String> challengeAnswer(WebhookRequest request) {
    if (!RbmWebhookHandshake.isHandshake(request.body())) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        handshake
            .secretToEcho(request.body())
            .orElseThrow(
                () -> WebhookRejectedException.forged("rbm: handshake for another client token")));
  }

  private List<DeliveryReceipt> receiptsOf(JsonObject event) {
    String type = text(event, "eventType");
    String messageId = text(event, "messageId");
    if (type == null || messageId == null) {
      return List.of();
    }
    DeliveryReceipt.Status status;
    String errorCode = null;
    switch (type) {
      case "DELIVERED", "READ" -> status = DeliveryReceipt.Status.DELIVERED;
      case "TTL_EXPIRATION_REVOKED" -> {
        status = DeliveryReceipt.Status.FAILED;
        errorCode = type;
      }
      default -> {
        return List.of();
      }
    }
    String reference = RbmMessageIds.referenceOf(messageId).orElse(null);
    return List.of(new DeliveryReceipt(reference, messageId, status, errorCode, at(event)));
  }

  private Instant at(JsonObject event) {
    String sendTime = text(event, "sendTime");
    if (sendTime != null) {
      try {
        return Instant.parse(sendTime);
      } catch (DateTimeParseException ignored) {
        // Falls back to the arrival time, as DeliveryReceipt allows.
      }
    }
    return clock.instant();
  }

  private static byte[] eventBytes(byte[] body) {
    JsonObject envelope = object(body, "the body is not a JSON object");
    Object message = envelope.getValue("message");
    if (!(message instanceof JsonObject m) || !(m.getValue("data") instanceof String data)) {
      throw WebhookRejectedException.forged("rbm: the body has no message.data");
    }
    try {
      return Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw WebhookRejectedException.forged("rbm: message.data is not base64");
    }
  }

  private static JsonObject object(byte[] bytes, String problem) {
    try {
      Object value = Buffer.buffer(bytes).toJsonValue();
      if (value instanceof JsonObject json) {
        return json;
      }
    } catch (DecodeException malformed) {
      // Reported below, in the same words.
    }
    throw WebhookRejectedException.forged("rbm: " + problem);
  }

  private static String text(JsonObject json, String field) {
    return json.getValue(field) instanceof String s ? s : null;
  }
}
