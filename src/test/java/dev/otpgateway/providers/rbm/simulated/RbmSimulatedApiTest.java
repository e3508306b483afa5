package dev.otpgateway.providers.rbm.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulated RBM refuses what RBM refuses, in Google's error shape, and answers as RBM does. */
class RbmSimulatedApiTest {
  private static final String RCS = "+12025550160";
  private static final String NO_RCS = "+12025550170";
  private static final String AGENT_ID = "acme-otp-agent";
  private static final String ACCESS_TOKEN = "ya29.simulated-access-token";
  private static final String BEARER = "Bearer " + ACCESS_TOKEN;
  private static final String TEXT = "{\"contentMessage\": {\"text\": \"Your code is 123456\"}}";

  private Vertx vertx;
  private ProviderSimulator simulator;
  private WebClient client;
  private String base;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // No receiver: these tests read answers, not webhooks, so nothing is delivered to send one.
    simulator =
        new ProviderSimulator(
            vertx,
            Clock.systemUTC(),
            "http://127.0.0.1:9",
            List.of(new RbmSimulatedApi(AGENT_ID, ACCESS_TOKEN, "SJENCPGJESMGUFPY")));
    int port = Await.result(simulator.listen("127.0.0.1", 0));
    simulator.configure(
        RbmSimulatedApi.NAME,
        "{\"dlr\": \"none\", \"dlr_delay_ms\": 0, \"rcs_capable\": [\"" + RCS + "\"]}");
    client = WebClient.create(vertx);
    base = "http://127.0.0.1:" + port + "/rbm/v1/phones/";
  }

  @AfterEach
  void stop() {
    Await.result(simulator.close());
    Await.result(vertx.close());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "no credentials             | -                         | acme-otp-agent | +12025550160 | uuid      | `"
            + TEXT
            + "` | 401 | UNAUTHENTICATED",
        "another token              | Bearer ya29.other         | acme-otp-agent | +12025550160 | uuid      | `"
            + TEXT
            + "` | 401 | UNAUTHENTICATED",
        "not a bearer token         | Basic YWNtZTpzZWNyZXQ=    | acme-otp-agent | +12025550160 | uuid      | `"
            + TEXT
            + "` | 401 | UNAUTHENTICATED",
        "no agent                   | ok                        | -              | +12025550160 | uuid      | `"
            + TEXT
            + "` | 403 | PERMISSION_DENIED",
        "another agent              | ok                        | someone-else   | +12025550160 | uuid      | `"
            + TEXT
            + "` | 403 | PERMISSION_DENIED",
        "number not in E.164        | ok                        | acme-otp-agent | 12025550160  | uuid      | `"
            + TEXT
            + "` | 400 | INVALID_ARGUMENT",
        "no messageId               | ok                        | acme-otp-agent | +12025550160 | -         | `"
            + TEXT
            + "` | 400 | INVALID_ARGUMENT",
        "messageId not a UUID       | ok                        | acme-otp-agent | +12025550160 | 123456661 | `"
            + TEXT
            + "` | 400 | INVALID_ARGUMENT",
        "no body                    | ok                        | acme-otp-agent | +12025550160 | uuid      | ``             | 400 | INVALID_ARGUMENT",
        "body not JSON              | ok                        | acme-otp-agent | +12025550160 | uuid      | `text=hello`   | 400 | INVALID_ARGUMENT",
        "no contentMessage          | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"ttl\": \"60s\"}` | 400 | INVALID_ARGUMENT",
        "unknown member             | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"to\": \"+1\", \"contentMessage\": {\"text\": \"x\"}}` | 400 | INVALID_ARGUMENT",
        "unknown content member     | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"contentMessage\": {\"text\": \"x\", \"body\": \"x\"}}` | 400 | INVALID_ARGUMENT",
        "two kinds of content       | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"contentMessage\": {\"text\": \"x\", \"fileName\": \"f\"}}` | 400 | INVALID_ARGUMENT",
        "empty text                 | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"contentMessage\": {\"text\": \"\"}}` | 400 | INVALID_ARGUMENT",
        "ttl without unit           | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"contentMessage\": {\"text\": \"x\"}, \"ttl\": \"300\"}` | 400 | INVALID_ARGUMENT",
        "negative ttl               | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"contentMessage\": {\"text\": \"x\"}, \"ttl\": \"-5s\"}` | 400 | INVALID_ARGUMENT",
        "ttl and expireTime         | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"contentMessage\": {\"text\": \"x\"}, \"ttl\": \"5s\", \"expireTime\": \"2030-01-01T00:00:00Z\"}` | 400 | INVALID_ARGUMENT",
        "expireTime not a time      | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"contentMessage\": {\"text\": \"x\"}, \"expireTime\": \"tomorrow\"}` | 400 | INVALID_ARGUMENT",
        "ttl past 15 days           | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"contentMessage\": {\"text\": \"x\"}, \"ttl\": \"1296001s\"}` | 400 | INVALID_ARGUMENT",
        "expireTime past 15 days    | ok                        | acme-otp-agent | +12025550160 | uuid      | `{\"contentMessage\": {\"text\": \"x\"}, \"expireTime\": \"2999-01-01T00:00:00Z\"}` | 400 | INVALID_ARGUMENT",
        "handset without RCS        | ok                        | acme-otp-agent | +12025550170 | uuid      | `"
            + TEXT
            + "` | 404 | NOT_FOUND"
      })
  void refuses_a_send_rbm_refuses(
      String why,
      String authorization,
      String agentId,
      String to,
      String messageId,
      String body,
      int status,
      String googleStatus) {
    HttpRequest<Buffer> request = client.postAbs(base + to + "/agentMessages");
    authorize(request, authorization);
    optional(request, "agentId", agentId);
    optional(
        request, "messageId", "uuid".equals(messageId) ? UUID.randomUUID().toString() : messageId);
    HttpResponse<Buffer> response =
        Await.result(
            body == null || body.isEmpty()
                ? request.send()
                : request
                    .putHeader("content-type", "application/json")
                    .sendBuffer(Buffer.buffer(body)));

    assertGoogleError(response, status, googleStatus);
    assertThat(simulator.handsets().inbox(to)).isEmpty();
  }

  @Test
  void a_refused_token_is_answered_with_a_bearer_challenge() {
    HttpResponse<Buffer> response = send(RCS, UUID.randomUUID().toString(), TEXT, "Bearer nope");

    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void accepts_a_text_message_and_answers_the_stored_agent_message() {
    String id = UUID.randomUUID().toString();
    HttpResponse<Buffer> response =
        send(
            RCS,
            id,
            "{\"contentMessage\": {\"text\": \"Your code is 123456\"}, \"ttl\": \"300s\"}",
            BEARER);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject stored = response.bodyAsJsonObject();
    assertThat(stored.getString("name")).isEqualTo("phones/" + RCS + "/agentMessages/" + id);
    assertThat(stored.getString("sendTime")).isNotBlank();
    assertThat(stored.getString("expireTime")).isNotBlank();
    assertThat(stored.containsKey("ttl")).as("ttl is input only").isFalse();
    assertThat(stored.getJsonObject("contentMessage").getString("text"))
        .isEqualTo("Your code is 123456");
  }

  @Test
  void takes_a_ttl_of_rbms_longest_15_days() {
    HttpResponse<Buffer> response =
        send(
            RCS,
            UUID.randomUUID().toString(),
            "{\"contentMessage\": {\"text\": \"Your code is 123456\"}, \"ttl\": \"1296000s\"}",
            BEARER);

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void takes_text_up_to_3072_characters_and_not_one_more() {
    String longest = "x".repeat(RbmAgentMessageRules.MAX_TEXT);
    String tooLong = longest + "x";

    assertThat(send(RCS, UUID.randomUUID().toString(), textMessage(longest), BEARER).statusCode())
        .isEqualTo(200);
    assertGoogleError(
        send(RCS, UUID.randomUUID().toString(), textMessage(tooLong), BEARER),
        400,
        "INVALID_ARGUMENT");
  }

  @Test
  void refuses_a_message_id_it_has_seen() {
    String id = UUID.randomUUID().toString();
    assertThat(send(RCS, id, TEXT, BEARER).statusCode()).isEqualTo(200);

    assertGoogleError(send(RCS, id, TEXT, BEARER), 409, "ALREADY_EXISTS");
  }

  @Test
  void a_message_that_is_not_delivered_stays_off_the_handset_until_revoked() {
    String id = UUID.randomUUID().toString();
    send(RCS, id, TEXT, BEARER);
    assertThat(simulator.handsets().inbox(RCS)).isEmpty();

    assertThat(revoke(RCS, id).statusCode()).isEqualTo(200);
    assertThat(revoke(RCS, id).statusCode()).as("nothing left to revoke").isEqualTo(404);
    assertThat(simulator.handsets().inbox(RCS)).isEmpty();
  }

  @Test
  void a_delivered_message_cannot_be_revoked() {
    simulator.configure(RbmSimulatedApi.NAME, "{\"dlr\": \"delivered\", \"dlr_delay_ms\": 60000}");
    String id = UUID.randomUUID().toString();
    send(RCS, id, TEXT, BEARER);

    assertGoogleError(revoke(RCS, id), 404, "NOT_FOUND");
    assertThat(simulator.handsets().inbox(RCS))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.channel()).isEqualTo("rcs");
              assertThat(m.provider()).isEqualTo("rbm");
            });
  }

  @Test
  void a_revoke_needs_the_token_and_the_agent() {
    HttpRequest<Buffer> anonymous =
        client.deleteAbs(base + RCS + "/agentMessages/" + UUID.randomUUID());
    anonymous.addQueryParam("agentId", AGENT_ID);
    assertGoogleError(Await.result(anonymous.send()), 401, "UNAUTHENTICATED");

    HttpRequest<Buffer> noAgent =
        client
            .deleteAbs(base + RCS + "/agentMessages/" + UUID.randomUUID())
            .putHeader("Authorization", BEARER);
    assertGoogleError(Await.result(noAgent.send()), 403, "PERMISSION_DENIED");
  }

  @Test
  void capabilities_list_features_for_an_rcs_handset_and_404_otherwise() {
    HttpResponse<Buffer> yes = capabilities(RCS, UUID.randomUUID().toString(), BEARER);
    assertThat(yes.statusCode()).isEqualTo(200);
    assertThat(yes.bodyAsJsonObject().getJsonArray("features").getList()).contains("REVOCATION");

    assertGoogleError(capabilities(NO_RCS, UUID.randomUUID().toString(), BEARER), 404, "NOT_FOUND");
  }

  @Test
  void capabilities_refuse_a_request_id_that_is_not_a_uuid_and_a_missing_token() {
    assertGoogleError(capabilities(RCS, "1234", BEARER), 400, "INVALID_ARGUMENT");
    assertGoogleError(
        capabilities(RCS, UUID.randomUUID().toString(), null), 401, "UNAUTHENTICATED");
  }

  @Test
  void injected_errors_come_in_googles_shape() {
    simulator.configure(RbmSimulatedApi.NAME, "{\"error_rate\": 1.0, \"error_status\": 503}");

    assertGoogleError(send(RCS, UUID.randomUUID().toString(), TEXT, BEARER), 503, "UNAVAILABLE");
  }

  private HttpResponse<Buffer> send(
      String to, String messageId, String body, String authorization) {
    HttpRequest<Buffer> request =
        client
            .postAbs(base + to + "/agentMessages")
            .addQueryParam("messageId", messageId)
            .addQueryParam("agentId", AGENT_ID)
            .putHeader("content-type", "application/json");
    authorize(request, authorization);
    return Await.result(request.sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> revoke(String to, String messageId) {
    return Await.result(
        client
            .deleteAbs(base + to + "/agentMessages/" + messageId)
            .addQueryParam("agentId", AGENT_ID)
            .putHeader("Authorization", BEARER)
            .send());
  }

  private HttpResponse<Buffer> capabilities(String to, String requestId, String authorization) {
    HttpRequest<Buffer> request =
        client
            .getAbs(base + to + "/capabilities")
            .addQueryParam("agentId", AGENT_ID)
            .addQueryParam("requestId", requestId);
    authorize(request, authorization);
    return Await.result(request.send());
  }

  private static String textMessage(String text) {
    return new JsonObject().put("contentMessage", new JsonObject().put("text", text)).encode();
  }

  private static void authorize(HttpRequest<Buffer> request, String authorization) {
    if ("ok".equals(authorization)) {
      request.putHeader("Authorization", BEARER);
    } else if (authorization != null && !"-".equals(authorization)) {
      request.putHeader("Authorization", authorization);
    }
  }

  private static void optional(HttpRequest<Buffer> request, String name, String value) {
    if (value != null && !"-".equals(value)) {
      request.addQueryParam(name, value);
    }
  }

  private static void assertGoogleError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(status);
    assertThat(error.getString("status")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
  }
}
