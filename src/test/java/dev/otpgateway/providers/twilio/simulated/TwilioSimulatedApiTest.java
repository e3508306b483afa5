package dev.otpgateway.providers.twilio.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.sms.Segments;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.ReceiptCatcher;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulated Twilio refuses what Twilio refuses, in Twilio's words, and answers like it. */
class TwilioSimulatedApiTest {
  private static final String ACCOUNT_SID = "AC5ef8732a3c49700934481addd5ce1659";
  private static final String AUTH_TOKEN = "9f0c5c1d2b7e4a6f8d3e1b0a7c6d5e4f";
  private static final String MESSAGES = "/twilio/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages";

  private Vertx vertx;
  private ProviderSimulator simulator;
  private WebClient client;
  private int port;
  private String receiverUrl;
  private ReceiptCatcher callbacks;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    callbacks = ReceiptCatcher.start(vertx);
    receiverUrl = callbacks.baseUrl();
    simulator =
        new ProviderSimulator(
            vertx,
            Clock.systemUTC(),
            receiverUrl,
            List.of(new TwilioSimulatedApi(ACCOUNT_SID, AUTH_TOKEN)));
    port = Await.result(simulator.listen("127.0.0.1", 0));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    Await.result(simulator.close());
    Await.result(vertx.close());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpRequest<Buffer> request(io.vertx.core.http.HttpMethod method, String path) {
    return client.request(method, port, "127.0.0.1", path);
  }

  private HttpResponse<Buffer> create(String authorization, MultiMap form) {
    return create(MESSAGES + ".json", authorization, form);
  }

  private HttpResponse<Buffer> create(String path, String authorization, MultiMap form) {
    HttpRequest<Buffer> post = request(io.vertx.core.http.HttpMethod.POST, path);
    if (authorization != null) {
      post.putHeader("Authorization", authorization);
    }
    return Await.result(post.sendForm(form));
  }

  private HttpResponse<Buffer> get(String pathAndQuery) {
    return Await.result(
        request(io.vertx.core.http.HttpMethod.GET, pathAndQuery)
            .putHeader("Authorization", basic(ACCOUNT_SID, AUTH_TOKEN))
            .send());
  }

  private MultiMap validForm() {
    return MultiMap.caseInsensitiveMultiMap()
        .add("To", "+12025550150")
        .add("From", "+15017122661")
        .add("Body", "Your Acme code is 123456.")
        .add("StatusCallback", receiverUrl + "/webhooks/twilio?ref=ver_sim.1")
        .add("ValidityPeriod", "300");
  }

  private static void assertTwilioError(HttpResponse<Buffer> response, int status, int code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.fieldNames())
        .containsExactlyInAnyOrder("code", "message", "more_info", "status");
    assertThat(body.getInteger("code")).isEqualTo(code);
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("more_info")).isEqualTo("https://www.twilio.com/docs/errors/" + code);
  }

  @Test
  void no_credentials_get_twilios_401_authenticate() {
    HttpResponse<Buffer> response = create(null, validForm());

    assertTwilioError(response, 401, 20003);
    assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("Authenticate");
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic");
  }

  @Test
  void a_wrong_token_or_another_account_is_refused() {
    assertTwilioError(create(basic(ACCOUNT_SID, "wrong"), validForm()), 401, 20003);
    assertTwilioError(create("Bearer " + AUTH_TOKEN, validForm()), 401, 20003);
    String otherAccount =
        "/twilio/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json";
    assertTwilioError(
        create(otherAccount, basic(ACCOUNT_SID, AUTH_TOKEN), validForm()), 401, 20003);
    assertThat(simulator.handsets().inbox("+12025550150")).isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "To, 21604",
    "From, 21603",
    "Body, 21602",
  })
  void a_missing_required_field_is_refused(String field, int code) {
    MultiMap form = validForm();
    form.remove(field);

    assertTwilioError(create(basic(ACCOUNT_SID, AUTH_TOKEN), form), 400, code);
    assertThat(simulator.handsets().inbox("+12025550150")).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1} → {2}")
  @CsvSource({
    "To, 2025550150, 21211",
    "To, +44 7700 900123, 21211",
    "From, not a sender!, 21212",
    "From, +12025550150, 21266",
    "ValidityPeriod, 0, 21624",
    "ValidityPeriod, 36001, 21624",
    "ValidityPeriod, soon, 21624",
    "StatusCallback, not a url, 21609",
    "StatusCallback, ftp://example.com/cb, 21609",
    "MessagingServiceSid, MG00000000000000000000000000000000, 21701",
  })
  void an_invalid_field_is_refused(String field, String value, int code) {
    MultiMap form = validForm();
    form.set(field, value);

    assertTwilioError(create(basic(ACCOUNT_SID, AUTH_TOKEN), form), 400, code);
  }

  @ParameterizedTest
  @CsvSource({"1", "36000"})
  void takes_a_validity_period_within_twilios_range(String seconds) {
    MultiMap form = validForm();
    form.set("ValidityPeriod", seconds);

    assertThat(create(basic(ACCOUNT_SID, AUTH_TOKEN), form).statusCode()).isEqualTo(201);
  }

  @Test
  void a_body_over_1600_characters_is_refused() {
    MultiMap form = validForm();
    form.set("Body", "x".repeat(1601));

    assertTwilioError(create(basic(ACCOUNT_SID, AUTH_TOKEN), form), 400, 21617);
  }

  @Test
  void an_accepted_message_is_a_queued_message_resource() {
    HttpResponse<Buffer> response = create(basic(ACCOUNT_SID, AUTH_TOKEN), validForm());

    assertThat(response.statusCode()).isEqualTo(201);
    JsonObject m = response.bodyAsJsonObject();
    assertThat(m.getString("sid")).matches("SM[0-9a-f]{32}");
    assertThat(m.getString("account_sid")).isEqualTo(ACCOUNT_SID);
    assertThat(m.getString("status")).isEqualTo("queued");
    assertThat(m.getString("to")).isEqualTo("+12025550150");
    assertThat(m.getString("from")).isEqualTo("+15017122661");
    assertThat(m.getString("body")).isEqualTo("Your Acme code is 123456.");
    assertThat(m.getString("num_segments")).isEqualTo("1");
    assertThat(m.getString("direction")).isEqualTo("outbound-api");
    assertThat(m.getString("api_version")).isEqualTo("2010-04-01");
    assertThat(m.getValue("date_sent")).isNull();
    assertThat(
            ZonedDateTime.parse(m.getString("date_created"), DateTimeFormatter.RFC_1123_DATE_TIME))
        .isNotNull();
    assertThat(m.getString("uri"))
        .isEqualTo(
            "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + m.getString("sid") + ".json");
    assertThat(response.getHeader("Twilio-Request-Id")).matches("RQ[0-9a-f]{32}");
  }

  @Test
  void segments_follow_the_encoding() {
    MultiMap form = validForm();
    form.set("Body", "é".repeat(161));
    assertThat(
            create(basic(ACCOUNT_SID, AUTH_TOKEN), form)
                .bodyAsJsonObject()
                .getString("num_segments"))
        .isEqualTo("2");
    form.set("Body", "Ж".repeat(71));
    assertThat(
            create(basic(ACCOUNT_SID, AUTH_TOKEN), form)
                .bodyAsJsonObject()
                .getString("num_segments"))
        .isEqualTo("2");
  }

  /**
   * The simulated Twilio bills with the gateway's own counter: an escape character never splits and
   * neither does an emoji, where dividing the units by 153 or 67 would say two.
   */
  @Test
  void segments_are_counted_as_the_gateway_counts_them() {
    for (String body :
        List.of("a".repeat(152) + "€" + "a".repeat(152), "a".repeat(66) + "😀" + "a".repeat(66))) {
      MultiMap form = validForm();
      form.set("Body", body);

      String segments =
          create(basic(ACCOUNT_SID, AUTH_TOKEN), form).bodyAsJsonObject().getString("num_segments");

      assertThat(segments)
          .isEqualTo("3")
          .isEqualTo(Integer.toString(Segments.count(body).segments()));
    }
  }

  @Test
  void a_message_can_be_fetched_and_listed_once_sent() {
    String sid =
        create(basic(ACCOUNT_SID, AUTH_TOKEN), validForm()).bodyAsJsonObject().getString("sid");

    JsonObject fetched = get(MESSAGES + "/" + sid + ".json").bodyAsJsonObject();
    JsonObject listed = get(MESSAGES + ".json?To=%2B12025550150&PageSize=20").bodyAsJsonObject();
    JsonObject other = get(MESSAGES + ".json?To=%2B12025550151").bodyAsJsonObject();

    assertThat(fetched.getString("sid")).isEqualTo(sid);
    assertThat(fetched.getString("status")).isIn("sent", "delivered");
    assertThat(fetched.getValue("date_sent")).isNotNull();
    assertThat(listed.getJsonArray("messages")).hasSize(1);
    assertThat(listed.getInteger("page_size")).isEqualTo(20);
    assertThat(listed.getValue("next_page_uri")).isNull();
    assertThat(listed.getString("uri")).startsWith("/2010-04-01/Accounts/" + ACCOUNT_SID);
    assertThat(other.getJsonArray("messages")).isEmpty();
  }

  @Test
  void a_listing_pages_newest_first() {
    for (int i = 0; i < 3; i++) {
      MultiMap form = validForm();
      form.set("Body", "message " + i);
      create(basic(ACCOUNT_SID, AUTH_TOKEN), form);
    }

    JsonObject first = get(MESSAGES + ".json?To=%2B12025550150&PageSize=2").bodyAsJsonObject();

    assertThat(first.getJsonArray("messages").getJsonObject(0).getString("body"))
        .isEqualTo("message 2");
    assertThat(first.getString("next_page_uri")).contains("Page=1");
    JsonObject second =
        get(first.getString("next_page_uri").replace("/2010-04-01", "/twilio/2010-04-01"))
            .bodyAsJsonObject();
    assertThat(second.getJsonArray("messages")).hasSize(1);
    assertThat(second.getValue("next_page_uri")).isNull();
  }

  @Test
  void a_listing_refuses_a_bad_page_size() {
    assertTwilioError(get(MESSAGES + ".json?PageSize=0"), 400, 20001);
    assertTwilioError(get(MESSAGES + ".json?PageSize=1001"), 400, 20007);
  }

  @Test
  void an_unknown_message_is_twilios_404() {
    assertTwilioError(get(MESSAGES + "/SM00000000000000000000000000000000.json"), 404, 20404);
  }

  @ParameterizedTest(name = "injected {0} → {1}")
  @CsvSource({"429, 20429", "500, 20500", "503, 20503", "400, 21211"})
  void injected_errors_answer_in_twilios_shape(int status, int code) {
    simulator.configure("twilio", "{\"error_rate\": 1.0, \"error_status\": " + status + "}");

    assertTwilioError(create(basic(ACCOUNT_SID, AUTH_TOKEN), validForm()), status, code);
    assertThat(simulator.handsets().inbox("+12025550150")).isEmpty();
  }

  @Test
  void the_status_callback_is_signed_as_twilio_signs_it() throws InterruptedException {
    String sid =
        create(basic(ACCOUNT_SID, AUTH_TOKEN), validForm()).bodyAsJsonObject().getString("sid");

    WebhookRequest callback = callbacks.next(Duration.ofSeconds(10));

    assertThat(callback).isNotNull();
    Map<String, String> params = new HashMap<>();
    new QueryStringDecoder(new String(callback.body(), StandardCharsets.UTF_8), false)
        .parameters()
        .forEach((name, values) -> params.put(name, values.get(0)));
    String url = callback.url();
    assertThat(url).isEqualTo(receiverUrl + "/webhooks/twilio?ref=ver_sim.1");
    assertThat(callback.header("content-type")).startsWith("application/x-www-form-urlencoded");
    assertThat(params)
        .containsEntry("MessageSid", sid)
        .containsEntry("SmsSid", sid)
        .containsEntry("MessageStatus", "delivered")
        .containsEntry("AccountSid", ACCOUNT_SID)
        .containsEntry("ApiVersion", "2010-04-01")
        .containsEntry("To", "+12025550150")
        .containsKey("RawDlrDoneDate");
    assertThat(
            new RequestValidator(AUTH_TOKEN)
                .validate(url, params, callback.header("x-twilio-signature")))
        .as("the SDK's RequestValidator accepts it")
        .isTrue();
  }

  @Test
  void a_sim_swap_lookup_answers_with_every_member_twilio_documents() throws Exception {
    simulator.configure("twilio", "{\"sim_swapped\": {\"+12025550190\": \"PT24H\"}}");
    JsonObject documented =
        new JsonObject(
            java.nio.file.Files.readString(
                java.nio.file.Path.of("src/test/resources/providers/twilio/lookup-sim-swap.json")));

    JsonObject answer = lookup("%2B12025550190?Fields=sim_swap").bodyAsJsonObject();

    assertThat(members(answer)).isEqualTo(members(documented));
    assertThat(answer.getString("phone_number")).isEqualTo("+12025550190");
    assertThat(answer.getString("country_code")).isEqualTo("US");
    assertThat(answer.getString("calling_country_code")).isEqualTo("1");
    assertThat(answer.getString("national_format")).isEqualTo("(202) 555-0190");
    JsonObject last = answer.getJsonObject("sim_swap").getJsonObject("last_sim_swap");
    assertThat(last.getString("swapped_period")).isEqualTo("PT24H");
    assertThat(last.getBoolean("swapped_in_period")).isTrue();
    assertThat(Duration.between(Instant.parse(last.getString("last_sim_swap_date")), Instant.now()))
        .isBetween(Duration.ofHours(24), Duration.ofHours(24).plusMinutes(1));
  }

  @Test
  void a_sim_that_was_not_swapped_has_no_date_and_was_not_swapped_in_the_accounts_period() {
    JsonObject last =
        lookup("%2B12025550191?Fields=sim_swap")
            .bodyAsJsonObject()
            .getJsonObject("sim_swap")
            .getJsonObject("last_sim_swap");

    assertThat(last.getValue("last_sim_swap_date")).isNull();
    assertThat(last.getString("swapped_period")).isEqualTo("PT168H");
    assertThat(last.getBoolean("swapped_in_period")).isFalse();
  }

  @Test
  void a_lookup_without_the_sim_swap_field_is_the_basic_lookup() {
    simulator.configure("twilio", "{\"sim_swapped\": {\"+12025550190\": \"PT24H\"}}");

    JsonObject answer = lookup("%2B12025550190").bodyAsJsonObject();

    assertThat(answer.getBoolean("valid")).isTrue();
    assertThat(answer.containsKey("sim_swap")).isTrue();
    assertThat(answer.getValue("sim_swap")).isNull();
  }

  @Test
  void an_invalid_number_is_answered_not_valid_with_twilios_reason() {
    JsonObject answer = lookup("%2B141599299600?Fields=sim_swap").bodyAsJsonObject();

    assertThat(answer.getBoolean("valid")).isFalse();
    assertThat(answer.getJsonArray("validation_errors")).containsExactly("TOO_LONG");
    assertThat(answer.getValue("sim_swap")).isNull();
    assertThat(answer.getValue("country_code")).isNull();
  }

  @Test
  void a_lookup_refuses_a_package_twilio_does_not_have_and_wrong_credentials() {
    assertTwilioError(lookup("%2B12025550190?Fields=sim_swaps"), 400, 20001);
    assertTwilioError(
        Await.result(
            request(io.vertx.core.http.HttpMethod.GET, "/twilio/v2/PhoneNumbers/%2B12025550190")
                .putHeader("Authorization", basic(ACCOUNT_SID, "wrong"))
                .send()),
        401,
        20003);
  }

  @Test
  void a_lookup_takes_the_faults_of_the_numbers_country() {
    simulator.configure(
        "twilio", "{\"countries\": {\"AU\": {\"error_rate\": 1.0, \"error_status\": 503}}}");

    assertTwilioError(lookup("%2B61491570156?Fields=sim_swap"), 503, 20503);
    assertThat(lookup("%2B12025550190?Fields=sim_swap").statusCode()).isEqualTo(200);
  }

  private HttpResponse<Buffer> lookup(String numberAndQuery) {
    return get("/twilio/v2/PhoneNumbers/" + numberAndQuery);
  }

  /**
   * The member names at every level, as paths, e.g. {@code sim_swap.last_sim_swap.swapped_period}.
   */
  private static java.util.SortedSet<String> members(JsonObject json) {
    java.util.SortedSet<String> paths = new java.util.TreeSet<>();
    json.forEach(
        e -> {
          paths.add(e.getKey());
          if (e.getValue() instanceof JsonObject inner) {
            members(inner).forEach(p -> paths.add(e.getKey() + "." + p));
          }
        });
    return paths;
  }
}
