package dev.otpgateway.providers.sinch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Sinch's callback signature against the vectors published in sinch/sinch-sdk-java, and the
 * verifier's refusals.
 */
class SinchSignatureTest {
  /**
   * A signed SMS recipient delivery report: client/src/test/java/com/sinch/sdk/domains/sms/api/v1/
   * adapters/SinchEventsServiceTest.java, checkApplicationAuthentication.
   */
  static final String SMS_SECRET = "SMSWebhooksSecret";

  static final String SMS_BODY =
      "{\"at\":\"2025-01-13T09:22:40.914Z\",\"batch_id\":\"01JHFFHQ0P99JPPNQPJDV7JTBP\","
          + "\"client_reference\":\"a client reference\",\"code\":0,"
          + "\"operator_status_at\":\"2025-01-13T09:22:00Z\",\"recipient\":\"33662162466\","
          + "\"status\":\"Delivered\",\"type\":\"recipient_delivery_report_sms\"}";
  static final String SMS_NONCE = "01JHFFHWYY7HSS4FWTMDTQEK8V";
  static final String SMS_TIMESTAMP = "1736760161";
  static final String SMS_SIGNATURE = "ZoHei66PPN/kZjw7hFVfGhJOnml3iGNCMWoyQVcE5o0=";

  /**
   * A signed Conversation API event, same scheme: client/src/test/java/com/sinch/sdk/auth/
   * HmacAuthenticationValidationTest.java.
   */
  static final String CONVERSATION_SECRET = "foo_secret1234";

  static final String CONVERSATION_BODY =
      "{\"app_id\":\"\",\"accepted_time\":\"2021-10-18T17:49:13.813615Z\",\"project_id\":"
          + "\"e2df3a34-a71b-4448-9db5-a8d2baad28e4\",\"contact_create_notification\":{\"contact\":"
          + "{\"id\":\"01FJA8B466Y0R2GNXD78MD9SM1\",\"channel_identities\":[{\"channel\":\"SMS\","
          + "\"identity\":\"48123456789\",\"app_id\":\"\"}],\"display_name\":\"New Test Contact\","
          + "\"email\":\"new.contact@email.com\",\"external_id\":\"\",\"metadata\":\"\","
          + "\"language\":\"EN_US\"}},\"message_metadata\":\"\"}";
  static final String CONVERSATION_NONCE = "01FJA8B4A7BM43YGWSG9GBV067";
  static final String CONVERSATION_TIMESTAMP = "1634579353";
  static final String CONVERSATION_SIGNATURE = "6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=";

  private static final Instant SIGNED_AT = Instant.ofEpochSecond(Long.parseLong(SMS_TIMESTAMP));

  @Test
  void computes_the_published_sms_signature() {
    assertThat(SinchSignature.compute(SMS_SECRET, bytes(SMS_BODY), SMS_NONCE, SMS_TIMESTAMP))
        .isEqualTo(SMS_SIGNATURE);
  }

  @Test
  void computes_the_published_conversation_signature() {
    assertThat(
            SinchSignature.compute(
                CONVERSATION_SECRET,
                bytes(CONVERSATION_BODY),
                CONVERSATION_NONCE,
                CONVERSATION_TIMESTAMP))
        .isEqualTo(CONVERSATION_SIGNATURE);
  }

  @Test
  void a_signature_matches_only_its_own_body_nonce_timestamp_and_secret() {
    byte[] body = bytes(SMS_BODY);
    assertThat(SinchSignature.matches(SMS_SECRET, body, SMS_NONCE, SMS_TIMESTAMP, SMS_SIGNATURE))
        .isTrue();
    assertThat(SinchSignature.matches("other", body, SMS_NONCE, SMS_TIMESTAMP, SMS_SIGNATURE))
        .isFalse();
    assertThat(
            SinchSignature.matches(
                SMS_SECRET, bytes(SMS_BODY + " "), SMS_NONCE, SMS_TIMESTAMP, SMS_SIGNATURE))
        .isFalse();
    assertThat(
            SinchSignature.matches(SMS_SECRET, body, SMS_NONCE + "0", SMS_TIMESTAMP, SMS_SIGNATURE))
        .isFalse();
    assertThat(SinchSignature.matches(SMS_SECRET, body, SMS_NONCE, "1736760162", SMS_SIGNATURE))
        .isFalse();
    assertThat(SinchSignature.matches(SMS_SECRET, body, SMS_NONCE, SMS_TIMESTAMP, "not base64!"))
        .isFalse();
  }

  @Test
  void verifies_and_reads_the_published_receipt_at_its_time() {
    SinchReceiptVerifier verifier = verifierAt(SIGNED_AT.plusSeconds(2));

    assertThat(verifier.verify(published(h -> {})))
        .containsExactly(
            new DeliveryReceipt(
                "a client reference",
                "01JHFFHQ0P99JPPNQPJDV7JTBP",
                DeliveryReceipt.Status.DELIVERED,
                null,
                Instant.parse("2025-01-13T09:22:40.914Z")));
  }

  @Test
  void a_receipt_without_signature_is_unsigned() {
    assertRejected(
        verifierAt(SIGNED_AT), published(h -> h.remove(SinchSignature.SIGNATURE_HEADER)), 401);
    assertRejected(
        verifierAt(SIGNED_AT), published(h -> h.put(SinchSignature.SIGNATURE_HEADER, " ")), 401);
  }

  @Test
  void a_signature_without_its_nonce_timestamp_or_algorithm_is_forged() {
    for (String header :
        new String[] {
          SinchSignature.NONCE_HEADER,
          SinchSignature.TIMESTAMP_HEADER,
          SinchSignature.ALGORITHM_HEADER
        }) {
      assertRejected(verifierAt(SIGNED_AT), published(h -> h.remove(header)), 403);
    }
  }

  @Test
  void only_hmac_sha256_is_accepted() {
    for (String algorithm : new String[] {"none", "HmacSHA1", "HmacMD5", "HmacSHA512"}) {
      assertRejected(
          verifierAt(SIGNED_AT),
          published(h -> h.put(SinchSignature.ALGORITHM_HEADER, algorithm)),
          403);
    }
  }

  @Test
  void a_receipt_older_or_newer_than_five_minutes_is_refused() {
    assertRejected(
        verifierAt(SIGNED_AT.plus(Duration.ofMinutes(5)).plusSeconds(1)), published(h -> {}), 403);
    assertRejected(
        verifierAt(SIGNED_AT.minus(Duration.ofMinutes(5)).minusSeconds(1)),
        published(h -> {}),
        403);
    assertThat(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(5))).verify(published(h -> {})))
        .hasSize(1);
  }

  @Test
  void a_timestamp_that_is_not_unix_seconds_is_forged() {
    for (String timestamp :
        new String[] {"2025-01-13T09:22:41Z", "-1736760161", "1736760161.5", "0x6784DB61"}) {
      // Signed correctly with that timestamp, so only its form can be refused.
      String signature = SinchSignature.compute(SMS_SECRET, bytes(SMS_BODY), SMS_NONCE, timestamp);
      WebhookRequest request =
          new WebhookRequest(
              "POST",
              "https://gateway.example/webhooks/sinch",
              headers(signature, h -> h.put(SinchSignature.TIMESTAMP_HEADER, timestamp)),
              bytes(SMS_BODY));
      assertRejected(verifierAt(SIGNED_AT), request, 403);
    }
  }

  @Test
  void a_wrong_signature_or_tampered_body_is_forged() {
    assertRejected(
        verifierAt(SIGNED_AT),
        published(h -> h.put(SinchSignature.SIGNATURE_HEADER, CONVERSATION_SIGNATURE)),
        403);
    WebhookRequest original = published(h -> {});
    WebhookRequest tampered =
        new WebhookRequest(
            original.method(),
            original.url(),
            original.headers(),
            bytes(SMS_BODY.replace("Delivered", "Failed\u0020\u0020")));
    assertRejected(verifierAt(SIGNED_AT), tampered, 403);
  }

  @Test
  void a_replay_of_an_accepted_receipt_is_forged() {
    SinchReceiptVerifier verifier = verifierAt(SIGNED_AT);
    assertThat(verifier.verify(published(h -> {}))).hasSize(1);

    assertRejected(verifier, published(h -> {}), 403);
  }

  @Test
  void a_forged_receipt_does_not_use_up_its_nonce() {
    SinchReceiptVerifier verifier = verifierAt(SIGNED_AT);
    assertRejected(
        verifier,
        published(h -> h.put(SinchSignature.SIGNATURE_HEADER, CONVERSATION_SIGNATURE)),
        403);

    assertThat(verifier.verify(published(h -> {}))).hasSize(1);
  }

  @Test
  void without_a_configured_secret_nothing_verifies() {
    SinchReceiptVerifier verifier = new SinchReceiptVerifier("", fixed(SIGNED_AT));

    assertRejected(verifier, published(h -> {}), 403);
  }

  @Test
  void a_signed_body_that_is_not_json_is_refused() {
    String body = "not json";
    String signature = SinchSignature.compute(SMS_SECRET, bytes(body), SMS_NONCE, SMS_TIMESTAMP);
    WebhookRequest request =
        new WebhookRequest(
            "POST",
            "https://gateway.example/webhooks/sinch",
            headers(signature, h -> {}),
            bytes(body));

    assertRejected(verifierAt(SIGNED_AT), request, 403);
  }

  private static SinchReceiptVerifier verifierAt(Instant now) {
    return new SinchReceiptVerifier(SMS_SECRET, fixed(now));
  }

  private static Clock fixed(Instant now) {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  private static WebhookRequest published(Consumer<Map<String, String>> change) {
    return new WebhookRequest(
        "POST",
        "https://gateway.example/webhooks/sinch",
        headers(SMS_SIGNATURE, change),
        bytes(SMS_BODY));
  }

  private static Map<String, String> headers(
      String signature, Consumer<Map<String, String>> change) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    headers.put(SinchSignature.SIGNATURE_HEADER, signature);
    headers.put(SinchSignature.NONCE_HEADER, SMS_NONCE);
    headers.put(SinchSignature.TIMESTAMP_HEADER, SMS_TIMESTAMP);
    headers.put(SinchSignature.ALGORITHM_HEADER, "HmacSHA256");
    change.accept(headers);
    return headers;
  }

  private static void assertRejected(
      SinchReceiptVerifier verifier, WebhookRequest request, int status) {
    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOfSatisfying(
            WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(status));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
