package dev.otpgateway.providers.rbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RbmReceiptVerifierTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String REFERENCE = "ver_receipt3.2";
  private static final String MESSAGE_ID = RbmMessageIds.forReference(REFERENCE);

  private final RbmReceiptVerifier verifier =
      new RbmReceiptVerifier(RbmTestAgent.WEBHOOK_TOKEN, new MutableClock(NOW));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "DELIVERED, DELIVERED, ",
    "READ, DELIVERED, ",
    "TTL_EXPIRATION_REVOKED, FAILED, TTL_EXPIRATION_REVOKED"
  })
  void reads_the_events_the_gateway_tracks(String eventType, String status, String errorCode) {
    JsonObject event = event(eventType).put("sendTime", "2025-03-05T18:50:19.386436Z");

    List<DeliveryReceipt> read = verifier.verify(signed(event));

    assertThat(read)
        .containsExactly(
            new DeliveryReceipt(
                REFERENCE,
                MESSAGE_ID,
                DeliveryReceipt.Status.valueOf(status),
                errorCode,
                Instant.parse("2025-03-05T18:50:19.386436Z")));
  }

  @ParameterizedTest
  @CsvSource({"IS_TYPING", "TTL_EXPIRATION_REVOKE_FAILED", "UNSUBSCRIBE", "SUBSCRIBE"})
  void other_events_give_no_receipt(String eventType) {
    assertThat(verifier.verify(signed(event(eventType)))).isEmpty();
  }

  @Test
  void a_message_from_the_user_gives_no_receipt() {
    JsonObject text =
        new JsonObject()
            .put("senderPhoneNumber", "+12025550123")
            .put("text", "STOP")
            .put("eventId", "e1")
            .put("agentId", "acme-otp-agent@rbm.goog");

    assertThat(verifier.verify(signed(text))).isEmpty();
  }

  @Test
  void an_event_for_a_message_id_we_did_not_make_names_no_reference() {
    JsonObject event = event("DELIVERED").put("messageId", "4a1d7c74-2b3c-4ec7-b6be-ed7205a15aa3");

    assertThat(verifier.verify(signed(event)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reference()).isNull();
              assertThat(r.providerMessageId()).isEqualTo("4a1d7c74-2b3c-4ec7-b6be-ed7205a15aa3");
            });
  }

  @Test
  void an_event_without_a_time_is_dated_on_arrival() {
    assertThat(verifier.verify(signed(event("DELIVERED"))).get(0).at()).isEqualTo(NOW);
  }

  @Test
  void a_call_without_the_header_is_unsigned() {
    assertRejected(request(envelope(event("DELIVERED")), null), 401);
    assertRejected(request(envelope(event("DELIVERED")), " "), 401);
  }

  @Test
  void a_signature_with_another_token_is_forged() {
    String data = eventText(event("DELIVERED"));
    String signature = new RbmSignature("another-token").sign(bytes(data));

    assertRejected(request(envelope(event("DELIVERED")), signature), 403);
  }

  @Test
  void a_signature_over_the_raw_body_is_forged() {
    String body = envelope(event("DELIVERED"));

    assertRejected(request(body, sign(body)), 403);
  }

  @Test
  void an_event_changed_after_signing_is_forged() {
    String signature = sign(eventText(event("DELIVERED")));
    JsonObject body = new JsonObject(envelope(event("DELIVERED")));
    JsonObject changed = event("DELIVERED").put("messageId", RbmMessageIds.forReference("ver_x.1"));
    body.getJsonObject("message").put("data", base64(eventText(changed)));

    assertRejected(request(body.encode(), signature), 403);
  }

  @Test
  void malformed_bodies_are_forged_not_errors() {
    String signature = sign(eventText(event("DELIVERED")));
    for (String body :
        List.of(
            "",
            "not json",
            "[]",
            "{}",
            "{\"message\": {}}",
            "{\"message\": {\"data\": 7}}",
            "{\"message\": {\"data\": \"***not base64***\"}}",
            "{\"message\": {\"data\": \"" + base64("[1, 2]") + "\"}}")) {
      assertRejected(request(body, signature), 403);
    }
  }

  @Test
  void the_webhook_handshake_echoes_the_secret_only_for_our_token() {
    RbmWebhookHandshake handshake = new RbmWebhookHandshake(RbmTestAgent.WEBHOOK_TOKEN);
    byte[] ours = bytes("{\"clientToken\":\"SJENCPGJESMGUFPY\",\"secret\":\"1234567890\"}");
    byte[] theirs = bytes("{\"clientToken\":\"SOMEONEELSE\",\"secret\":\"1234567890\"}");

    assertThat(handshake.secretToEcho(ours)).contains("1234567890");
    assertThat(handshake.secretToEcho(theirs)).isEmpty();
    assertThat(RbmWebhookHandshake.isHandshake(theirs)).isTrue();
    assertThat(RbmWebhookHandshake.isHandshake(bytes(envelope(event("DELIVERED"))))).isFalse();
    assertThat(handshake.secretToEcho(bytes("not json"))).isEmpty();
  }

  private void assertRejected(WebhookRequest request, int status) {
    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOfSatisfying(
            WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(status));
  }

  private static JsonObject event(String eventType) {
    return new JsonObject()
        .put("senderPhoneNumber", "+12025550123")
        .put("eventType", eventType)
        .put("eventId", "MxIgT-4pWCQu2tH9hMkSTljQ")
        .put("messageId", MESSAGE_ID)
        .put("agentId", "acme-otp-agent@rbm.goog");
  }

  private static WebhookRequest signed(JsonObject event) {
    return request(envelope(event), sign(eventText(event)));
  }

  private static String eventText(JsonObject event) {
    return event.encode();
  }

  private static String envelope(JsonObject event) {
    return new JsonObject()
        .put(
            "message",
            new JsonObject()
                .put("data", base64(eventText(event)))
                .put("messageId", "14150481888479752")
                .put("publishTime", "2025-03-05T18:50:21.88Z"))
        .put("subscription", "projects/rbm-partner-gcp/subscriptions/rbm-sub")
        .encode();
  }

  private static WebhookRequest request(String body, String signature) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    if (signature != null) {
      headers.put(RbmSignature.HEADER, signature);
    }
    return new WebhookRequest("POST", "https://otp.example.com/webhooks/rbm", headers, bytes(body));
  }

  private static String sign(String text) {
    return new RbmSignature(RbmTestAgent.WEBHOOK_TOKEN).sign(bytes(text));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(bytes(text));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
