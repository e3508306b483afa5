package dev.otpgateway.providers.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwilioReceiptVerifierTest {
  private static final String TOKEN = "9f0c5c1d2b7e4a6f8d3e1b0a7c6d5e4f";
  private static final String URL = "https://gateway.example.com/webhooks/twilio?ref=ver_42.1";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final TwilioReceiptVerifier verifier =
      new TwilioReceiptVerifier(TOKEN, Clock.fixed(NOW, ZoneOffset.UTC));
  private final TwilioSignature signer = new TwilioSignature(TOKEN);

  private static Map<String, String> callback(String status) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", "AC5ef8732a3c49700934481addd5ce1659");
    params.put("ApiVersion", "2010-04-01");
    params.put("From", "Acme");
    params.put("MessageSid", "SM1342fe1b2c904d1ab04f0fc7a58abca9");
    params.put("MessageStatus", status);
    params.put("SmsSid", "SM1342fe1b2c904d1ab04f0fc7a58abca9");
    params.put("SmsStatus", status);
    params.put("To", "+12025550101");
    return params;
  }

  private WebhookRequest signed(String url, Map<String, String> params) {
    return request("POST", url, signer.sign(url, params), FormEncoding.encode(params));
  }

  private static WebhookRequest request(String method, String url, String signature, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/x-www-form-urlencoded");
    if (signature != null) {
      headers.put("x-twilio-signature", signature);
    }
    return new WebhookRequest(method, url, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "delivered, DELIVERED",
    "undelivered, FAILED",
    "failed, FAILED",
    "sent, SENT",
  })
  void reads_the_states_the_gateway_tracks(String twilioStatus, DeliveryReceipt.Status expected) {
    List<DeliveryReceipt> read = verifier.verify(signed(URL, callback(twilioStatus)));

    assertThat(read)
        .containsExactly(
            new DeliveryReceipt(
                "ver_42.1", "SM1342fe1b2c904d1ab04f0fc7a58abca9", expected, null, NOW));
  }

  @ParameterizedTest
  @CsvSource({"queued", "sending", "accepted", "scheduled", "read", "canceled"})
  void intermediate_states_yield_no_receipt(String twilioStatus) {
    assertThat(verifier.verify(signed(URL, callback(twilioStatus)))).isEmpty();
  }

  @Test
  void a_failure_carries_twilios_error_code() {
    Map<String, String> params = callback("undelivered");
    params.put("ErrorCode", "30003");

    assertThat(verifier.verify(signed(URL, params)))
        .singleElement()
        .extracting(DeliveryReceipt::errorCode)
        .isEqualTo("30003");
  }

  @Test
  void reads_the_legacy_sms_fields_when_the_message_fields_are_absent() {
    Map<String, String> params = callback("delivered");
    params.remove("MessageStatus");
    params.remove("MessageSid");

    assertThat(verifier.verify(signed(URL, params)))
        .singleElement()
        .extracting(DeliveryReceipt::status)
        .isEqualTo(DeliveryReceipt.Status.DELIVERED);
  }

  @Test
  void an_authentic_callback_without_our_reference_yields_nothing() {
    String url = "https://gateway.example.com/webhooks/twilio";

    assertThat(verifier.verify(signed(url, callback("delivered")))).isEmpty();
  }

  @Test
  void a_reference_that_needed_encoding_comes_back_decoded() {
    String url =
        TwilioCallbackUrl.withReference("https://gw.example.com/webhooks/twilio", "v/1 +x");

    assertThat(verifier.verify(signed(url, callback("delivered"))))
        .singleElement()
        .extracting(DeliveryReceipt::reference)
        .isEqualTo("v/1 +x");
  }

  @Test
  void the_signature_may_cover_the_url_with_its_default_port() {
    String withPort = URL.replace("example.com/", "example.com:443/");
    Map<String, String> params = callback("delivered");
    WebhookRequest request =
        request("POST", URL, signer.sign(withPort, params), FormEncoding.encode(params));

    assertThat(verifier.verify(request)).hasSize(1);
  }

  @Test
  void no_signature_is_unsigned() {
    WebhookRequest request = request("POST", URL, null, FormEncoding.encode(callback("sent")));

    assertRejected(request, 401);
    assertRejected(request("POST", URL, "  ", FormEncoding.encode(callback("sent"))), 401);
  }

  @Test
  void a_wrong_signature_or_changed_reference_is_forged() {
    Map<String, String> params = callback("delivered");
    String signature = signer.sign(URL, params);

    assertRejected(
        request("POST", URL, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", FormEncoding.encode(params)), 403);
    assertRejected(
        request("POST", URL.replace("ver_42", "ver_43"), signature, FormEncoding.encode(params)),
        403);
    params.put("MessageStatus", "undelivered");
    assertRejected(request("POST", URL, signature, FormEncoding.encode(params)), 403);
  }

  @Test
  void a_signature_by_another_account_is_forged() {
    Map<String, String> params = callback("delivered");
    String other = new TwilioSignature("0000000000000000000000000000000f").sign(URL, params);

    assertRejected(request("POST", URL, other, FormEncoding.encode(params)), 403);
  }

  @Test
  void malformed_bodies_and_methods_are_forged() {
    String signature = signer.sign(URL, callback("delivered"));

    assertRejected(request("POST", URL, signature, "MessageStatus=%zz"), 403);
    assertRejected(request("POST", URL, signature, "To=%2B1&To=%2B2"), 403);
    assertRejected(request("GET", URL, signature, ""), 403);
    WebhookRequest notUtf8 =
        new WebhookRequest(
            "POST", URL, Map.of("x-twilio-signature", signature), new byte[] {(byte) 0xC3, 0x28});
    assertRejected(notUtf8, 403);
  }

  private void assertRejected(WebhookRequest request, int status) {
    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOfSatisfying(
            WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(status));
  }
}
