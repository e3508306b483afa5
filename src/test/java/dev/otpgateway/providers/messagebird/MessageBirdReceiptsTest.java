package dev.otpgateway.providers.messagebird;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading and refusing MessageBird status reports, with a fixed clock. */
class MessageBirdReceiptsTest {
  private static final String KEY = MessageBirdContractTest.SIGNING_KEY;
  private static final Instant NOW = Instant.parse("2026-03-02T09:30:00Z");
  private static final String WEBHOOK = "https://gw.example.com/webhooks/messagebird";
  private static final AtomicInteger JTI = new AtomicInteger();

  private final MessageBirdReceipts receipts =
      new MessageBirdReceipts(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void reads_the_recorded_get_report() throws IOException {
    JsonObject fixture =
        new JsonObject(
            Files.readString(
                Path.of("src/test/resources/providers/messagebird/status-report-get.json")));
    String url = fixture.getString("url");

    List<DeliveryReceipt> read = receipts.verify(signed("GET", url, null));

    assertThat(read)
        .containsExactly(
            new DeliveryReceipt(
                "ver_01hzx3r8.1",
                "b6aae1b5dfb2427a8f7ea6a717ba31a9",
                DeliveryReceipt.Status.DELIVERED,
                null,
                Instant.parse("2023-07-28T17:57:12Z")));
  }

  @Test
  void reads_the_same_parameters_form_encoded_in_a_post_body() {
    String body =
        "id=e8077d803532c0b5937c639b60216938&reference=ver_9.2&recipient=12025550123"
            + "&status=delivery_failed&statusErrorCode=1&statusReason=unknown+subscriber"
            + "&statusDatetime=2026-03-02T09%3A29%3A58%2B00%3A00&price%5Bamount%5D=0.0070";

    List<DeliveryReceipt> read = receipts.verify(signed("POST", WEBHOOK, body));

    assertThat(read)
        .containsExactly(
            new DeliveryReceipt(
                "ver_9.2",
                "e8077d803532c0b5937c639b60216938",
                DeliveryReceipt.Status.FAILED,
                "1",
                Instant.parse("2026-03-02T09:29:58Z")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "delivered, DELIVERED, ",
    "delivery_failed, FAILED, delivery_failed",
    "expired, FAILED, expired",
    "sent, SENT, ",
    "buffered, SENT, ",
    "scheduled, , ",
    "something_new, , ",
  })
  void maps_messagebirds_statuses(String status, DeliveryReceipt.Status expected, String error) {
    String url = WEBHOOK + "?id=abc&reference=ver_3.1&recipient=12025550123&status=" + status;

    List<DeliveryReceipt> read = receipts.verify(signed("GET", url, null));

    if (expected == null) {
      assertThat(read).isEmpty();
    } else {
      assertThat(read)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.status()).isEqualTo(expected);
                assertThat(r.errorCode()).isEqualTo(error);
                assertThat(r.at()).isEqualTo(NOW);
              });
    }
  }

  @Test
  void a_report_without_our_reference_is_not_ours() {
    assertThat(receipts.verify(signed("GET", WEBHOOK + "?id=abc&status=delivered", null)))
        .isEmpty();
  }

  @Test
  void refuses_a_report_without_signature_as_unsigned() {
    WebhookRequest unsigned =
        new WebhookRequest("GET", WEBHOOK + "?id=a&reference=r&status=delivered", Map.of(), null);
    WebhookRequest blank =
        new WebhookRequest(
            "GET",
            WEBHOOK + "?id=a&reference=r&status=delivered",
            Map.of(MessageBirdReceipts.SIGNATURE_HEADER, " "),
            null);

    assertRejected(unsigned, 401);
    assertRejected(blank, 401);
  }

  @Test
  void refuses_a_report_whose_query_was_changed() {
    WebhookRequest genuine =
        signed("GET", WEBHOOK + "?id=a&reference=r&status=delivery_failed", null);
    WebhookRequest changed =
        new WebhookRequest(
            "GET",
            WEBHOOK + "?id=a&reference=r&status=delivered",
            genuine.headers(),
            genuine.body());

    assertRejected(changed, 403);
  }

  @Test
  void refuses_a_replayed_report() {
    WebhookRequest report = signed("GET", WEBHOOK + "?id=a&reference=r&status=delivered", null);

    assertThat(receipts.verify(report)).hasSize(1);
    assertRejected(report, 403);
  }

  @Test
  void refuses_a_report_signed_with_another_key_or_expired() {
    String url = WEBHOOK + "?id=a&reference=r&status=delivered";
    String otherKey =
        new MessageBirdSignature("another-key").sign(url, null, NOW, NOW.plusSeconds(60), "j-x");
    String expired =
        new MessageBirdSignature(KEY)
            .sign(url, null, NOW.minusSeconds(120), NOW.minusSeconds(60), "j-y");

    assertRejected(request("GET", url, null, otherKey), 403);
    assertRejected(request("GET", url, null, expired), 403);
  }

  private static WebhookRequest signed(String method, String url, String body) {
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    String token =
        new MessageBirdSignature(KEY)
            .sign(url, bytes, NOW, NOW.plusSeconds(60), "jti-" + JTI.incrementAndGet());
    return request(method, url, body, token);
  }

  private static WebhookRequest request(String method, String url, String body, String token) {
    Map<String, String> headers = new HashMap<>();
    headers.put(MessageBirdReceipts.SIGNATURE_HEADER, token);
    return new WebhookRequest(
        method, url, headers, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  private void assertRejected(WebhookRequest request, int status) {
    assertThatThrownBy(() -> receipts.verify(request))
        .isInstanceOfSatisfying(
            WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(status));
  }
}
