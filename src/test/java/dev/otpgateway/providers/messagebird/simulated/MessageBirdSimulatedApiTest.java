package dev.otpgateway.providers.messagebird.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.providers.messagebird.MessageBirdReceipts;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.sms.Segments;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.ReceiptCatcher;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated MessageBird over real HTTP: it refuses what MessageBird refuses, in MessageBird's
 * error shape, and answers and reports as MessageBird does.
 */
class MessageBirdSimulatedApiTest {
  private static final String KEY = "test_gshuPaZoeEG6ovbc8M79w0QyM";
  private static final String SIGNING_KEY =
      "36efdd1aace2e26cd490f0d951138253bef2f7c6d34d18981da781555cc4cebb";
  private static final String AUTH = "AccessKey " + KEY;

  private Vertx vertx;
  private ProviderSimulator simulator;
  private WebClient client;
  private String messages;
  private String receiver;
  private ReceiptCatcher reports;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    reports = ReceiptCatcher.start(vertx);
    receiver = reports.baseUrl();
    simulator =
        new ProviderSimulator(
            vertx,
            Clock.systemUTC(),
            receiver,
            List.of(new MessageBirdSimulatedApi(KEY, SIGNING_KEY)));
    int port = Await.result(simulator.listen("127.0.0.1", 0));
    messages = "http://127.0.0.1:" + port + "/messagebird/messages";
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    Await.result(simulator.close());
    Await.result(vertx.close());
  }

  @Test
  void refuses_a_send_without_or_with_the_wrong_access_key() {
    for (String authorization : new String[] {null, "AccessKey test_wrong", "Bearer " + KEY}) {
      HttpResponse<Buffer> r = post(authorization, valid("+12025550130"));

      assertThat(r.statusCode()).as(authorization).isEqualTo(401);
      assertThat(r.bodyAsJsonObject())
          .isEqualTo(errors(error(2, "Request not allowed (incorrect access_key)", "access_key")));
    }
    assertThat(simulator.handsets().inbox("+12025550130")).isEmpty();
  }

  @Test
  void takes_the_access_key_as_a_query_parameter_too() {
    HttpResponse<Buffer> r =
        Await.result(
            client.postAbs(messages + "?access_key=" + KEY).sendJsonObject(valid("+12025550131")));

    assertThat(r.statusCode()).isEqualTo(201);
  }

  @Test
  void reports_missing_recipients_and_originator_together() {
    HttpResponse<Buffer> r = post(AUTH, new JsonObject().put("body", "Your code is 123456"));

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject())
        .isEqualTo(
            errors(
                error(9, "no (correct) recipients found", "recipients"),
                error(9, "originator is required", "originator")));
  }

  @Test
  void refuses_a_missing_body() {
    JsonObject request = valid("+12025550132");
    request.remove("body");

    HttpResponse<Buffer> r = post(AUTH, request);

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject()).isEqualTo(errors(error(9, "body is required", "body")));
  }

  @Test
  void refuses_recipients_that_are_not_numbers() {
    HttpResponse<Buffer> r =
        post(AUTH, valid("+12025550133").put("recipients", new JsonArray().add("call me").add("")));

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject())
        .isEqualTo(errors(error(9, "no (correct) recipients found", "recipients")));
  }

  @Test
  void refuses_an_invalid_originator_or_an_overlong_reference() {
    HttpResponse<Buffer> originator =
        post(AUTH, valid("+12025550134").put("originator", "AcmeBankingCorp"));
    HttpResponse<Buffer> reference =
        post(AUTH, valid("+12025550134").put("reference", "r".repeat(129)));

    assertThat(originator.statusCode()).isEqualTo(422);
    assertThat(originator.bodyAsJsonObject())
        .isEqualTo(errors(error(10, "originator is invalid", "originator")));
    assertThat(reference.statusCode()).isEqualTo(422);
    assertThat(
            reference.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getInteger("code"))
        .isEqualTo(10);
    assertThat(simulator.handsets().inbox("+12025550134")).isEmpty();
  }

  @Test
  void refuses_a_body_that_is_not_json() {
    HttpResponse<Buffer> r =
        Await.result(
            client
                .postAbs(messages)
                .putHeader("Authorization", AUTH)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"recipients\":")));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject()).isEqualTo(errors(error(21, "Bad request", null)));
  }

  @Test
  void answers_a_send_with_messagebirds_message_object() {
    HttpResponse<Buffer> r = post(AUTH, valid("+12025550135"));

    assertThat(r.statusCode()).isEqualTo(201);
    JsonObject m = r.bodyAsJsonObject();
    assertThat(m.getString("id")).matches("[0-9a-f]{32}");
    assertThat(m.getString("href")).isEqualTo(messages + "/" + m.getString("id"));
    assertThat(m.getString("direction")).isEqualTo("mt");
    assertThat(m.getString("type")).isEqualTo("sms");
    assertThat(m.getString("reference")).isEqualTo("ver_sim.1");
    assertThat(m.getInteger("validity")).isEqualTo(300);
    assertThat(m.getString("datacoding")).isEqualTo("plain");
    assertThat(m.getString("createdDatetime"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
    JsonObject recipients = m.getJsonObject("recipients");
    assertThat(recipients.getInteger("totalCount")).isEqualTo(1);
    JsonObject item = recipients.getJsonArray("items").getJsonObject(0);
    assertThat(item.getValue("recipient")).isEqualTo(12025550135L);
    assertThat(item.getString("status")).isEqualTo("sent");
    assertThat(item.getInteger("messagePartCount")).isEqualTo(1);
    assertThat(simulator.handsets().inbox("+12025550135")).hasSize(1);
  }

  /** The simulated MessageBird bills with the gateway's own counter, escapes and emoji whole. */
  @Test
  void parts_and_datacoding_are_counted_as_the_gateway_counts_them() {
    String gsm = "a".repeat(152) + "€" + "a".repeat(152);
    String unicode = "a".repeat(66) + "😀" + "a".repeat(66);

    JsonObject plain = post(AUTH, valid("+12025550136").put("body", gsm)).bodyAsJsonObject();
    JsonObject wide = post(AUTH, valid("+12025550137").put("body", unicode)).bodyAsJsonObject();

    assertThat(plain.getString("datacoding")).isEqualTo("plain");
    assertThat(parts(plain)).isEqualTo(3).isEqualTo(Segments.count(gsm).segments());
    assertThat(wide.getString("datacoding")).isEqualTo("unicode");
    assertThat(parts(wide)).isEqualTo(3).isEqualTo(Segments.count(unicode).segments());
  }

  private static int parts(JsonObject message) {
    return message
        .getJsonObject("recipients")
        .getJsonArray("items")
        .getJsonObject(0)
        .getInteger("messagePartCount");
  }

  @Test
  void takes_a_form_encoded_send_as_the_api_does() {
    HttpResponse<Buffer> r =
        Await.result(
            client
                .postAbs(messages)
                .putHeader("Authorization", AUTH)
                .sendForm(
                    MultiMap.caseInsensitiveMultiMap()
                        .add("recipients", "12025550136,+12025550137")
                        .add("originator", "Acme")
                        .add("body", "Your code is 123456")));

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getJsonObject("recipients").getInteger("totalCount"))
        .isEqualTo(2);
  }

  @Test
  void reads_a_message_by_id_and_answers_20_for_an_unknown_one() {
    String id = post(AUTH, valid("+12025550138")).bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> found = get(messages + "/" + id);
    HttpResponse<Buffer> missing = get(messages + "/00000000000000000000000000000000");

    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject()).isEqualTo(errors(error(20, "message not found", null)));
    assertThat(Await.result(client.getAbs(messages + "/" + id).send()).statusCode()).isEqualTo(401);
  }

  @Test
  void lists_a_recipients_messages_newest_first_with_paging() {
    for (int i = 1; i <= 3; i++) {
      post(AUTH, valid("+12025550139").put("reference", "ver_list." + i));
    }
    post(AUTH, valid("+12025550140"));

    JsonObject page =
        get(messages + "?recipient=12025550139&direction=mt&limit=2").bodyAsJsonObject();
    JsonObject next =
        get(messages + "?recipient=%2B12025550139&limit=2&offset=2").bodyAsJsonObject();

    assertThat(page.getInteger("totalCount")).isEqualTo(3);
    assertThat(page.getInteger("count")).isEqualTo(2);
    assertThat(references(page)).containsExactly("ver_list.3", "ver_list.2");
    assertThat(page.getJsonObject("links").getString("next")).contains("offset=2");
    assertThat(references(next)).containsExactly("ver_list.1");
    assertThat(next.getJsonObject("links").getValue("next")).isNull();
  }

  @Test
  void filters_the_list_by_time_and_refuses_a_bad_time() {
    post(AUTH, valid("+12025550141"));

    JsonObject future =
        get(messages + "?recipient=12025550141&from=2999-01-01T00%3A00%3A00%2B00%3A00")
            .bodyAsJsonObject();
    HttpResponse<Buffer> bad = get(messages + "?from=yesterday");

    assertThat(future.getInteger("totalCount")).isZero();
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.bodyAsJsonObject()).isEqualTo(errors(error(10, "from is invalid", "from")));
  }

  @Test
  void reports_delivery_to_the_report_url_signed_as_messagebird_signs() throws Exception {
    String id =
        post(AUTH, valid("+12025550142").put("reportUrl", receiver + "/dlr?tenant=acme"))
            .bodyAsJsonObject()
            .getString("id");

    WebhookRequest report = reports.next(Duration.ofSeconds(10));

    assertThat(report).isNotNull();
    assertThat(report.method()).isEqualTo("GET");
    assertThat(report.url()).startsWith(receiver + "/dlr?tenant=acme&");
    assertThat(report.body()).isEmpty();
    assertThat(report.header("messagebird-signature-jwt")).isNotBlank();
    assertThat(report.url())
        .contains("id=" + id, "recipient=12025550142", "reference=ver_sim.1", "status=delivered");
    List<DeliveryReceipt> read =
        new MessageBirdReceipts(SIGNING_KEY, Clock.systemUTC()).verify(report);
    assertThat(read)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.providerMessageId()).isEqualTo(id);
              assertThat(r.status()).isEqualTo(DeliveryReceipt.Status.DELIVERED);
            });
    assertThat(
            get(messages + "/" + id)
                .bodyAsJsonObject()
                .getJsonObject("recipients")
                .getInteger("totalDeliveredCount"))
        .isEqualTo(1);
  }

  @Test
  void sends_no_report_for_a_message_without_reference() throws Exception {
    JsonObject request = valid("+12025550143").put("reportUrl", receiver + "/dlr");
    request.remove("reference");

    assertThat(post(AUTH, request).statusCode()).isEqualTo(201);

    assertThat(reports.next(Duration.ofMillis(300))).isNull();
    assertThat(simulator.handsets().inbox("+12025550143")).hasSize(1);
  }

  @Test
  void answers_injected_errors_in_messagebirds_shape() {
    Map<Integer, JsonObject> expected =
        Map.of(
            503, errors(error(99, "Internal error", null)),
            401, errors(error(2, "Request not allowed (incorrect access_key)", "access_key")),
            422, errors(error(9, "no (correct) recipients found", "recipients")),
            400, errors(error(21, "Bad request", null)));
    expected.forEach(
        (status, body) -> {
          simulator.configure(
              "messagebird", "{\"error_rate\": 1.0, \"error_status\": " + status + "}");
          HttpResponse<Buffer> r = post(AUTH, valid("+12025550144"));
          assertThat(r.statusCode()).isEqualTo(status);
          assertThat(r.bodyAsJsonObject()).isEqualTo(body);
        });
    assertThat(simulator.handsets().inbox("+12025550144")).isEmpty();
  }

  private static JsonObject valid(String to) {
    return new JsonObject()
        .put("recipients", new JsonArray().add(to.substring(1)))
        .put("originator", "Acme")
        .put("body", "Your Acme code is 123456.")
        .put("reference", "ver_sim.1")
        .put("validity", 300);
  }

  private HttpResponse<Buffer> post(String authorization, JsonObject body) {
    var request = client.postAbs(messages);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return Await.result(request.sendJsonObject(body));
  }

  private HttpResponse<Buffer> get(String url) {
    return Await.result(client.getAbs(url).putHeader("Authorization", AUTH).send());
  }

  private static List<String> references(JsonObject page) {
    return page.getJsonArray("items").stream()
        .map(i -> ((JsonObject) i).getString("reference"))
        .toList();
  }

  private static JsonObject error(int code, String description, String parameter) {
    return new JsonObject()
        .put("code", code)
        .put("description", description)
        .put("parameter", parameter);
  }

  private static JsonObject errors(JsonObject... errors) {
    JsonArray list = new JsonArray();
    for (JsonObject e : errors) {
      list.add(e);
    }
    return new JsonObject().put("errors", list);
  }
}
