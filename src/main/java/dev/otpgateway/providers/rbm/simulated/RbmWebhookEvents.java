package dev.otpgateway.providers.rbm.simulated;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * The webhook calls RBM makes about an agent's messages, built and signed as RBM does, for the
 * simulator. Event shapes are those of the "Receive events" guide (guides/build/events): a user
 * event {@code {"senderPhoneNumber", "eventType", "eventId", "messageId", "sendTime", "agentId"}},
 * a server event {@code {"phoneNumber", "messageId", "agentId", "eventType", "eventId",
 * "sendTime"}}. Each travels base64-encoded in {@code message.data} of the Pub/Sub push envelope
 * the same guide shows for agent webhooks.
 */
final class RbmWebhookEvents {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String agentId;
  private final RbmEventSigner signer;

  /**
   * @param agentId the agent's id as the API takes it; events name it with the {@code @rbm.goog}
   *     suffix, as in the guide's examples ({@code "agentId": "rbm-chatbot-id@rbm.goog"})
   */
  RbmWebhookEvents(String agentId, String clientToken) {
    this.agentId = agentId.contains("@") ? agentId : agentId + "@rbm.goog";
    this.signer = new RbmEventSigner(clientToken);
  }

  /** A signed webhook call: the JSON body, and the {@code X-Goog-Signature} header value. */
  record Call(String body, String signature) {}

  /** The handset has the message. */
  Call delivered(String to, String messageId, Instant at) {
    JsonObject event =
        new JsonObject()
            .put("senderPhoneNumber", to)
            .put("eventType", "DELIVERED")
            .put("eventId", eventId())
            .put("messageId", messageId)
            .put("sendTime", at.toString())
            .put("agentId", agentId);
    return envelope(event, "DELIVERED", at);
  }

  /** The message's TTL ran out before delivery, and RBM revoked it. */
  Call expiredAndRevoked(String to, String messageId, Instant at) {
    JsonObject event =
        new JsonObject()
            .put("phoneNumber", to)
            .put("messageId", messageId)
            .put("agentId", agentId)
            .put("eventType", "TTL_EXPIRATION_REVOKED")
            .put("eventId", eventId())
            .put("sendTime", at.toString());
    return envelope(event, "TTL_EXPIRATION_REVOKED", at);
  }

  private Call envelope(JsonObject event, String eventType, Instant at) {
    byte[] data = event.encode().getBytes(StandardCharsets.UTF_8);
    String pubSubId =
        Long.toString(1_000_000_000_000_000L + RANDOM.nextLong(9_000_000_000_000_000L));
    JsonObject body =
        new JsonObject()
            .put(
                "message",
                new JsonObject()
                    .put(
                        "attributes",
                        new JsonObject()
                            .put("business_id", agentId)
                            .put("event_type", eventType)
                            .put("product", "RBM"))
                    .put("data", Base64.getEncoder().encodeToString(data))
                    .put("messageId", pubSubId)
                    .put("message_id", pubSubId)
                    .put("publishTime", at.toString())
                    .put("publish_time", at.toString()))
            .put("subscription", "projects/rbm-simulated/subscriptions/rbm-agent-subscription");
    return new Call(body.encode(), signer.sign(data));
  }

  private static String eventId() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
