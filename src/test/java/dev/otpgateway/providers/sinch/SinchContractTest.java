package dev.otpgateway.providers.sinch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.ProviderContractTest;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.providers.RecordedRequest;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.providers.simulator.SimulatedApi;
import dev.otpgateway.providers.sinch.simulated.SinchSimulatedApi;
import dev.otpgateway.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sinch's adapter against the simulated Sinch SMS API, plus what is particular to Sinch. */
class SinchContractTest extends ProviderContractTest {
  /** The example plan id of Sinch's API reference. */
  static final String PLAN = "jd63jf88477ll123ab4567cd89012ef3";

  static final String TOKEN = "contract-test-token";

  /** The secret Sinch's published signed receipt was made with, so it verifies verbatim. */
  static final String SECRET = "SMSWebhooksSecret";

  private final SettableClock clock = new SettableClock();

  @Override
  protected String name() {
    return "sinch";
  }

  @Override
  protected SimulatedApi simulatedApi() {
    return new SinchSimulatedApi(PLAN, TOKEN, SECRET);
  }

  @Override
  protected Provider provider(Vertx vertx, String baseUrl, Duration timeout) {
    return new SinchProvider(
        vertx, new SinchSettings(PLAN, TOKEN, SECRET, baseUrl, timeout), clock);
  }

  @Override
  protected Provider providerWithWrongCredentials(Vertx vertx, String baseUrl) {
    return new SinchProvider(
        vertx, new SinchSettings(PLAN, "not-the-token", SECRET, baseUrl, timeout()), clock);
  }

  @Override
  protected boolean supportsLookup() {
    return true;
  }

  @Override
  protected String signatureHeader() {
    return SinchSignature.SIGNATURE_HEADER;
  }

  @Override
  protected void assertRequestMatchesFixture(RecordedRequest request, OutboundMessage message) {
    JsonObject fixture = new JsonObject(fixture("send-request.json"));
    Instant sentAt = Instant.now();

    assertThat(request.method()).isEqualTo(fixture.getString("method"));
    assertThat(request.uri())
        .isEqualTo("/sinch" + fixture.getString("path").replace("{service_plan_id}", PLAN));
    assertThat(request.header("authorization"))
        .isEqualTo(fixture.getString("authorization").replace("{api_token}", TOKEN));
    assertThat(request.header("content-type")).startsWith(fixture.getString("content_type"));

    JsonObject expected = fixture.getJsonObject("body");
    JsonObject body = new JsonObject(request.bodyText());
    assertThat(body.fieldNames()).containsExactlyInAnyOrderElementsOf(expected.fieldNames());
    assertThat(body.getJsonArray("to").getList()).containsExactly(message.to());
    assertThat(body.getString("from")).isEqualTo(message.sender());
    assertThat(body.getString("body")).isEqualTo(message.body());
    assertThat(body.getString("delivery_report")).isEqualTo(expected.getString("delivery_report"));
    assertThat(body.getString("callback_url")).isEqualTo(message.callbackUrl());
    assertThat(body.getString("client_reference")).isEqualTo(message.reference());
    Instant expireAt = Instant.parse(body.getString("expire_at"));
    assertThat(Duration.between(sentAt.plus(message.validity()), expireAt).abs())
        .isLessThan(Duration.ofSeconds(5));
  }

  @Override
  protected RecordedReceipt recordedReceipt() {
    JsonObject fixture = new JsonObject(fixture("recipient-delivery-report.json"));
    Map<String, String> headers = new HashMap<>();
    fixture.getJsonObject("headers").forEach(h -> headers.put(h.getKey(), (String) h.getValue()));
    // Sinch signed this receipt at its timestamp; read it as of that moment.
    clock.pin(Instant.ofEpochSecond(Long.parseLong(headers.get(SinchSignature.TIMESTAMP_HEADER))));
    JsonObject expected = fixture.getJsonObject("expected");
    return new RecordedReceipt(
        new WebhookRequest(
            fixture.getString("method"),
            receiverBaseUrl + fixture.getString("path"),
            headers,
            fixture.getString("body").getBytes(StandardCharsets.UTF_8)),
        new DeliveryReceipt(
            expected.getString("reference"),
            expected.getString("provider_message_id"),
            DeliveryReceipt.Status.valueOf(expected.getString("status")),
            expected.getString("error_code"),
            Instant.parse(expected.getString("at"))));
  }

  @Test
  void the_recorded_receipt_is_read_in_full() {
    RecordedReceipt recorded = recordedReceipt();

    assertThat(provider.receipts().verify(recorded.request())).containsExactly(recorded.expected());
  }

  @Test
  void a_replayed_receipt_is_rejected_as_forged() {
    Await.result(provider.send(message("+12025550120")));
    WebhookRequest receipt = asWebhook(nextReceipt());
    assertThat(provider.receipts().verify(receipt)).hasSize(1);

    assertThatThrownBy(() -> provider.receipts().verify(receipt))
        .isInstanceOfSatisfying(
            WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  @Test
  void each_receipt_carries_a_fresh_nonce_and_the_current_time() {
    Await.result(provider.send(message("+12025550121")));
    Await.result(provider.send(message("+12025550122")));
    RecordedRequest first = nextReceipt();
    RecordedRequest second = nextReceipt();

    assertThat(first.header(SinchSignature.NONCE_HEADER))
        .matches("[0-9A-HJKMNP-TV-Z]{26}")
        .isNotEqualTo(second.header(SinchSignature.NONCE_HEADER));
    long timestamp = Long.parseLong(first.header(SinchSignature.TIMESTAMP_HEADER));
    assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(10);
    assertThat(first.header(SinchSignature.ALGORITHM_HEADER)).isEqualTo("HmacSHA256");
  }

  @Test
  void a_failure_receipt_carries_sinch_code() {
    fault("{\"dlr\": \"failed\"}");
    Await.result(provider.send(message("+12025550123")));

    DeliveryReceipt read = provider.receipts().verify(asWebhook(nextReceipt())).get(0);

    assertThat(read.errorCode()).isEqualTo("404");
  }

  @Test
  void a_number_sinch_refuses_is_permanent_and_names_the_code_not_the_text() {
    OutboundMessage bad = message("+1202");

    ProviderException e = (ProviderException) Await.failure(provider.send(bad));

    assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.reason()).isEqualTo("http_400_syntax_invalid_parameter_format");
    assertThat(e.getMessage()).doesNotContain(bad.body()).doesNotContain(TOKEN);
  }

  @Test
  void a_wrong_service_plan_is_refused_and_fails_over() {
    Provider wrongPlan =
        new SinchProvider(
            vertx,
            new SinchSettings("someoneelsesplan", TOKEN, SECRET, providerBaseUrl, timeout()),
            clock);

    ProviderException e =
        (ProviderException) Await.failure(wrongPlan.send(message("+12025550124")));

    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
  }

  @Test
  void lookup_finds_the_batch_by_our_reference_only() {
    OutboundMessage first = message("+12025550125");
    OutboundMessage second = message("+12025550126");
    String firstId = Await.result(provider.send(first)).providerMessageId();
    String secondId = Await.result(provider.send(second)).providerMessageId();

    assertThat(Await.result(provider.lookup(first)).providerMessageId()).isEqualTo(firstId);
    assertThat(Await.result(provider.lookup(second)).providerMessageId()).isEqualTo(secondId);
  }

  @Test
  void nothing_listens_so_the_call_is_retryable() {
    Provider nowhere =
        new SinchProvider(
            vertx,
            new SinchSettings(
                PLAN,
                TOKEN,
                SECRET,
                "http://127.0.0.1:" + dev.otpgateway.testing.Ports.free(),
                timeout()),
            clock);

    ProviderException e = (ProviderException) Await.failure(nowhere.send(message("+12025550127")));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.reason()).isEqualTo("connection_refused");
  }
}
