package dev.otpgateway.providers.sinch.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.providers.sinch.SinchReceiptVerifier;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.ReceiptCatcher;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulated Sinch API refuses what the real one refuses, in Sinch's own error shape. */
class SinchSimulatedApiTest {
  private static final String PLAN = "jd63jf88477ll123ab4567cd89012ef3";
  private static final String TOKEN = "simulator-test-token";
  private static final String SECRET = "simulator-test-secret";
  private static final String ULID = "[0-9A-HJKMNP-TV-Z]{26}";

  private Vertx vertx;
  private ProviderSimulator simulator;
  private WebClient client;
  private String batchesUrl;
  private ReceiptCatcher callbacks;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    callbacks = ReceiptCatcher.start(vertx);
    simulator =
        new ProviderSimulator(
            vertx,
            Clock.systemUTC(),
            callbacks.baseUrl(),
            List.of(new SinchSimulatedApi(PLAN, TOKEN, SECRET)));
    int port = Await.result(simulator.listen("127.0.0.1", 0));
    client = WebClient.create(vertx);
    batchesUrl = "http://127.0.0.1:" + port + "/sinch/xms/v1/" + PLAN + "/batches";
  }

  @AfterEach
  void stop() {
    Await.result(simulator.close());
    Await.result(vertx.close());
  }

  @Test
  void refuses_a_request_without_a_token() {
    HttpResponse<Buffer> response =
        Await.result(
            client
                .postAbs(batchesUrl)
                .putHeader("content-type", "application/json")
                .sendBuffer(batch("+12025550130").toBuffer()));

    assertSinchError(response, 401, "unauthorized");
    assertThat(simulator.handsets().inbox("+12025550130")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer wrong-token", "Basic c2ltdWxhdG9yLXRlc3QtdG9rZW4=", TOKEN})
  void refuses_a_wrong_token_or_scheme(String authorization) {
    HttpResponse<Buffer> response =
        Await.result(
            client
                .postAbs(batchesUrl)
                .putHeader("authorization", authorization)
                .putHeader("content-type", "application/json")
                .sendBuffer(batch("+12025550131").toBuffer()));

    assertSinchError(response, 401, "unauthorized");
    assertThat(simulator.handsets().inbox("+12025550131")).isEmpty();
  }

  @Test
  void refuses_the_token_on_another_plans_path() {
    HttpResponse<Buffer> response =
        Await.result(
            client
                .postAbs(batchesUrl.replace(PLAN, "anotherplan"))
                .bearerTokenAuthentication(TOKEN)
                .putHeader("content-type", "application/json")
                .sendBuffer(batch("+12025550132").toBuffer()));

    assertSinchError(response, 401, "unauthorized");
  }

  @ParameterizedTest
  @ValueSource(strings = {"to", "from", "body"})
  void refuses_a_batch_missing_a_required_field(String field) {
    JsonObject batch = batch("+12025550133");
    batch.remove(field);

    assertSinchError(post(batch), 400, "syntax_constraint_violation");
    assertThat(simulator.handsets().inbox("+12025550133")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+1202", "12025550134x", "+0202555013", "not a number", ""})
  void refuses_a_recipient_that_is_not_an_msisdn(String to) {
    assertSinchError(post(batch(to)), 400, "syntax_invalid_parameter_format");
  }

  @Test
  void refuses_what_is_not_json_or_has_the_wrong_types() {
    assertSinchError(send(Buffer.buffer("{\"to\": [")), 400, "syntax_invalid_json");
    assertSinchError(
        post(batch("+12025550135").put("to", "+12025550135")), 400, "syntax_invalid_json");
    assertSinchError(post(batch("+12025550135").put("body", 42)), 400, "syntax_invalid_json");
  }

  @Test
  void takes_an_expiry_up_to_sinchs_three_days_and_not_a_minute_more() {
    Instant now = Instant.now();
    assertThat(
            post(batch("+12025550137").put("expire_at", now.plus(Duration.ofDays(3)).toString()))
                .statusCode())
        .isEqualTo(201);
    assertSinchError(
        post(
            batch("+12025550138")
                .put("expire_at", now.plus(Duration.ofDays(3)).plusSeconds(60).toString())),
        400,
        "syntax_constraint_violation");
  }

  @Test
  void refuses_values_out_of_range() {
    assertSinchError(
        post(batch("+12025550136").put("to", new JsonArray())), 400, "syntax_constraint_violation");
    assertSinchError(
        post(batch("+12025550136").put("body", "x".repeat(2001))),
        400,
        "syntax_constraint_violation");
    assertSinchError(
        post(
            batch("+12025550136")
                .put("expire_at", Instant.now().plus(Duration.ofDays(4)).toString())),
        400,
        "syntax_constraint_violation");
    assertSinchError(
        post(batch("+12025550136").put("expire_at", Instant.now().minusSeconds(60).toString())),
        400,
        "syntax_constraint_violation");
    assertSinchError(
        post(batch("+12025550136").put("delivery_report", "always")),
        400,
        "syntax_invalid_parameter_format");
    assertSinchError(
        post(batch("+12025550136").put("callback_url", "not a url")),
        400,
        "syntax_invalid_parameter_format");
    assertSinchError(
        post(batch("+12025550136").put("from", "A sender name too long")),
        400,
        "syntax_invalid_parameter_format");
    assertThat(simulator.handsets().inbox("+12025550136")).isEmpty();
  }

  @Test
  void refuses_an_unknown_group_as_recipient() {
    assertSinchError(post(batch("01FC66621VHDBN119Z8PMV1AHY")), 403, "unknown_group");
  }

  @Test
  void refuses_a_body_that_is_not_declared_json() {
    HttpResponse<Buffer> response =
        Await.result(
            client
                .postAbs(batchesUrl)
                .bearerTokenAuthentication(TOKEN)
                .putHeader("content-type", "text/plain")
                .sendBuffer(batch("+12025550137").toBuffer()));

    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void accepts_a_batch_and_answers_with_it() {
    JsonObject request = batch("+12025550138").put("client_reference", "ver_sim.1");

    HttpResponse<Buffer> response = post(request);

    assertThat(response.statusCode()).isEqualTo(201);
    JsonObject batch = response.bodyAsJsonObject();
    assertThat(batch.getString("id")).matches(ULID);
    assertThat(batch.getJsonArray("to").getList()).containsExactly("+12025550138");
    assertThat(batch.getString("from")).isEqualTo("Acme");
    assertThat(batch.getString("type")).isEqualTo("mt_text");
    assertThat(batch.getBoolean("canceled")).isFalse();
    assertThat(batch.getString("client_reference")).isEqualTo("ver_sim.1");
    assertThat(batch.getString("delivery_report")).isEqualTo("per_recipient");
    assertThat(batch.getString("created_at"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(Instant.parse(batch.getString("expire_at")))
        .isAfter(Instant.now().plus(Duration.ofDays(2)));
    assertThat(simulator.handsets().inbox("+12025550138")).hasSize(1);
  }

  @Test
  void sends_a_signed_per_recipient_report_to_the_batch_callback_url() throws Exception {
    String id =
        post(batch("+12025550139").put("client_reference", "ver_sim.2"))
            .bodyAsJsonObject()
            .getString("id");

    WebhookRequest callback = callbacks.next(Duration.ofSeconds(10));

    assertThat(callback).isNotNull();
    assertThat(callback.url()).endsWith("/webhooks/sinch");
    assertThat(new SinchReceiptVerifier(SECRET, Clock.systemUTC()).verify(callback))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reference()).isEqualTo("ver_sim.2");
              assertThat(r.providerMessageId()).isEqualTo(id);
              assertThat(r.status()).isEqualTo(DeliveryReceipt.Status.DELIVERED);
            });
    JsonObject report = new JsonObject(Buffer.buffer(callback.body()));
    assertThat(report.getString("recipient")).isEqualTo("12025550139");
    assertThat(report.getInteger("code")).isZero();
  }

  @Test
  void sends_no_report_when_none_was_asked_for() throws Exception {
    post(batch("+12025550140").put("delivery_report", "none"));
    post(batch("+12025550141"));

    // The second batch's report arriving first shows the first one sent none.
    WebhookRequest callback = callbacks.next(Duration.ofSeconds(10));
    assertThat(callback).isNotNull();
    assertThat(new JsonObject(Buffer.buffer(callback.body())).getString("recipient"))
        .isEqualTo("12025550141");
    assertThat(simulator.handsets().inbox("+12025550140")).hasSize(1);
  }

  @Test
  void lists_batches_by_client_reference() {
    post(batch("+12025550142").put("client_reference", "ver_list.1"));
    String id =
        post(batch("+12025550143").put("client_reference", "ver_list.2"))
            .bodyAsJsonObject()
            .getString("id");

    JsonObject page = list("client_reference", "ver_list.2");
    JsonObject none = list("client_reference", "ver_list.3");

    assertThat(page.getInteger("count")).isEqualTo(1);
    assertThat(page.getInteger("page")).isZero();
    assertThat(page.getInteger("page_size")).isEqualTo(1);
    assertThat(page.getJsonArray("batches").getJsonObject(0).getString("id")).isEqualTo(id);
    assertThat(none.getInteger("count")).isZero();
    assertThat(none.getJsonArray("batches")).isEmpty();
  }

  @Test
  void listing_needs_the_token_and_sane_paging() {
    assertSinchError(Await.result(client.getAbs(batchesUrl).send()), 401, "unauthorized");
    assertSinchError(
        Await.result(
            client
                .getAbs(batchesUrl)
                .addQueryParam("page_size", "0")
                .bearerTokenAuthentication(TOKEN)
                .send()),
        400,
        "syntax_invalid_parameter_format");
  }

  @Test
  void injected_errors_answer_in_sinch_shape() {
    simulator.configure("sinch", "{\"error_rate\": 1.0, \"error_status\": 403}");
    assertSinchError(post(batch("+12025550144")), 403, "blocked_account");

    simulator.configure("sinch", "{\"error_rate\": 1.0, \"error_status\": 400}");
    assertSinchError(post(batch("+12025550144")), 400, "syntax_invalid_parameter_format");

    simulator.configure("sinch", "{\"error_rate\": 1.0, \"error_status\": 503}");
    assertThat(post(batch("+12025550144")).statusCode()).isEqualTo(503);
    assertThat(simulator.handsets().inbox("+12025550144")).isEmpty();
  }

  private static JsonObject batch(String to) {
    return new JsonObject()
        .put("to", new JsonArray().add(to))
        .put("from", "Acme")
        .put("body", "Your Acme code is 123456.")
        .put("delivery_report", "per_recipient");
  }

  private HttpResponse<Buffer> post(JsonObject batch) {
    return send(batch.toBuffer());
  }

  private HttpResponse<Buffer> send(Buffer body) {
    return Await.result(
        client
            .postAbs(batchesUrl)
            .bearerTokenAuthentication(TOKEN)
            .putHeader("content-type", "application/json")
            .sendBuffer(body));
  }

  private JsonObject list(String param, String value) {
    HttpResponse<Buffer> response =
        Await.result(
            client
                .getAbs(batchesUrl)
                .addQueryParam(param, value)
                .bearerTokenAuthentication(TOKEN)
                .send());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static void assertSinchError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    JsonObject error = response.bodyAsJsonObject();
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("code", "text");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("text")).isNotBlank();
  }
}
