package dev.otpgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.LogCapture;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verification API end to end: real server, real HTTP, the built-in simulator as providers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerificationApiIT {
  private static final AtomicInteger TENANTS = new AtomicInteger();

  private TestGateway gw;
  private final LogCapture logs = new LogCapture();

  @BeforeAll
  void start() {
    logs.start();
    gw = TestGateway.start(Map.of());
  }

  @AfterAll
  void stop() {
    gw.close();
    logs.stop();
  }

  @AfterEach
  void eventLoopsNeverBlocked() {
    TestGateway.assertNoBlockedThreads();
  }

  private String tenant() {
    return gw.createTenant("t" + TENANTS.incrementAndGet(), 3);
  }

  private ApiResponse start(String key, String body) {
    return gw.api.post("/v1/verifications", key, body);
  }

  private ApiResponse check(String key, String id, String code) {
    return gw.api.post("/v1/verifications/" + id + "/check", key, "{\"code\":\"" + code + "\"}");
  }

  private static String wrong(String code) {
    return code.equals("000000") ? "111111" : "000000";
  }

  @Test
  void a_started_code_reaches_the_handset_and_approves_once() {
    String key = tenant();

    ApiResponse started =
        start(key, "{\"to\":\"+12025550100\",\"push\":{\"status\":\"disabled\"}}");

    assertThat(started.status()).isEqualTo(201);
    JsonObject v = started.json();
    String id = v.getString("id");
    assertThat(id).matches("ver_[a-z2-7]{26}");
    assertThat(started.header("Location")).isEqualTo("/v1/verifications/" + id);
    assertThat(v.getString("status")).isEqualTo("sent");
    assertThat(v.getString("to")).isEqualTo("+1202555****");
    assertThat(v.getString("channel")).isEqualTo("sms");
    assertThat(v.getJsonObject("route").getString("region")).isEqualTo("us");
    assertThat(v.getJsonObject("route").getString("rules_version")).startsWith("sha256:");
    assertThat(v.getJsonArray("attempts").getJsonObject(0).getString("outcome"))
        .isEqualTo("accepted");

    JsonObject message = gw.newestMessage("+12025550100");
    assertThat(message.getString("provider")).isEqualTo(v.getString("provider"));
    assertThat(message.getString("body")).startsWith("Your Acme code is ").contains("5 minutes");
    String code = TestGateway.codeIn(message.getString("body"), 6);
    assertThat(started.body()).doesNotContain(code);

    ApiResponse wrongCode = check(key, id, wrong(code));
    assertThat(wrongCode.status()).isEqualTo(422);
    assertThat(wrongCode.json())
        .isEqualTo(new JsonObject().put("id", id).put("status", "pending").put("attempts_left", 4));

    ApiResponse approved = check(key, id, code);
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json().getString("status")).isEqualTo("approved");

    ApiResponse again = check(key, id, code);
    assertThat(again.status()).isEqualTo(410);
    assertThat(again.contentType()).startsWith("application/problem+json");
    assertThat(gw.api.get("/v1/verifications/" + id, key).json().getString("status"))
        .isEqualTo("approved");
  }

  @Test
  void reading_shows_delivery_but_never_the_code_or_the_full_number() {
    String key = tenant();
    String id = start(key, "{\"to\":\"+12025550101\"}").json().getString("id");
    String code = TestGateway.codeIn(gw.newestMessage("+12025550101").getString("body"), 6);

    JsonObject read = gw.awaitStatus(key, id, "delivered");

    assertThat(read.getJsonArray("attempts").getJsonObject(0).getString("delivery"))
        .isEqualTo("delivered");
    assertThat(read.encode()).doesNotContain(code).doesNotContain("+12025550101");
  }

  @Test
  void receipts_are_taken_when_the_gateway_clock_is_far_from_the_wall_clock() {
    // The simulator signs receipts with the gateway's clock; the adapters must check them by it.
    String key = tenant();
    gw.clock.advance(Duration.ofMinutes(10));
    try {
      String id = start(key, "{\"to\":\"+12025550118\"}").json().getString("id");

      JsonObject read = gw.awaitStatus(key, id, "delivered");

      assertThat(read.getJsonArray("attempts")).hasSize(1);
    } finally {
      gw.clock.advance(Duration.ofMinutes(-10));
    }
  }

  @Test
  void five_wrong_codes_kill_the_verification() {
    String key = tenant();
    String id = start(key, "{\"to\":\"+12025550102\"}").json().getString("id");
    String code = TestGateway.codeIn(gw.newestMessage("+12025550102").getString("body"), 6);

    for (int left = 4; left >= 1; left--) {
      assertThat(check(key, id, wrong(code)).json().getInteger("attempts_left")).isEqualTo(left);
    }
    ApiResponse fifth = check(key, id, wrong(code));
    ApiResponse rightTooLate = check(key, id, code);

    assertThat(fifth.status()).isEqualTo(429);
    assertThat(fifth.json().getString("type")).endsWith(":too_many_attempts");
    assertThat(rightTooLate.status()).isEqualTo(429);
    assertThat(gw.api.get("/v1/verifications/" + id, key).json().getString("status"))
        .isEqualTo("failed");
  }

  @Test
  void a_second_start_resends_the_same_code_under_the_same_id_without_resetting_failures() {
    String key = tenant();
    String id = start(key, "{\"to\":\"+12025550103\"}").json().getString("id");
    String code = TestGateway.codeIn(gw.newestMessage("+12025550103").getString("body"), 6);
    check(key, id, wrong(code));

    ApiResponse resent = start(key, "{\"to\":\"+12025550103\"}");

    assertThat(resent.status()).isEqualTo(201);
    assertThat(resent.json().getString("id")).isEqualTo(id);
    Await.until(
        "the resent message",
        Duration.ofSeconds(10),
        () -> gw.inbox("+12025550103").size() == 2 ? true : null);
    assertThat(TestGateway.codeIn(gw.newestMessage("+12025550103").getString("body"), 6))
        .isEqualTo(code);
    assertThat(resent.json().getJsonArray("attempts")).hasSize(2);
    assertThat(resent.json().getJsonArray("attempts").getJsonObject(1).getString("trigger"))
        .isEqualTo("resend");
    assertThat(check(key, id, wrong(code)).json().getInteger("attempts_left")).isEqualTo(3);
  }

  @Test
  void the_fourth_send_to_a_number_in_an_hour_is_refused_with_retry_after() {
    String key = tenant();
    String other = tenant();
    for (int i = 0; i < 3; i++) {
      assertThat(start(key, "{\"to\":\"+12025550104\"}").status()).isEqualTo(201);
    }

    ApiResponse fourth = start(key, "{\"to\":\"+12025550104\"}");

    assertThat(fourth.status()).isEqualTo(429);
    assertThat(fourth.json().getString("type")).endsWith(":destination_rate_limited");
    assertThat(Long.parseLong(fourth.header("Retry-After"))).isBetween(3500L, 3600L);
    assertThat(start(other, "{\"to\":\"+12025550104\"}").status())
        .as("another tenant's window")
        .isEqualTo(201);
    assertThat(gw.metric("otp_rate_limited_total{scope=\"destination\"}"))
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void the_same_idempotency_key_and_body_give_the_same_answer_and_one_message() {
    String key = tenant();
    Map<String, String> idem = Map.of("Idempotency-Key", "order-42");
    String body = "{\"to\":\"+12025550105\",\"risk\":\"low\"}";
    String sameBodyReordered = "{\"risk\":\"low\",\"to\":\"+12025550105\"}";

    ApiResponse first = gw.api.post("/v1/verifications", key, body, idem);
    ApiResponse replay = gw.api.post("/v1/verifications", key, sameBodyReordered, idem);
    ApiResponse other = gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550106\"}", idem);

    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.json()).isEqualTo(first.json());
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    gw.newestMessage("+12025550105");
    assertThat(gw.inbox("+12025550105")).hasSize(1);
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.json().getString("type")).endsWith(":idempotency_key_reused");
    assertThat(gw.inbox("+12025550106")).isEmpty();
  }

  @Test
  void another_tenants_verification_answers_like_a_missing_one_and_is_untouched() {
    String owner = tenant();
    String intruder = tenant();
    String id = start(owner, "{\"to\":\"+12025550107\"}").json().getString("id");
    String missing = "ver_" + "a".repeat(26);

    ApiResponse read = gw.api.get("/v1/verifications/" + id, intruder);
    ApiResponse checked = check(intruder, id, "123456");
    ApiResponse canceled = gw.api.post("/v1/verifications/" + id + "/cancel", intruder, null);
    ApiResponse absent = gw.api.get("/v1/verifications/" + missing, intruder);

    for (ApiResponse r : new ApiResponse[] {read, checked, canceled}) {
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.json().getString("type")).isEqualTo(absent.json().getString("type"));
    }
    JsonObject v = gw.api.get("/v1/verifications/" + id, owner).json();
    assertThat(v.getInteger("attempts_left")).isEqualTo(5);
    assertThat(v.getString("status")).isIn("sent", "delivered");
  }

  @Test
  void an_expired_code_is_refused_under_the_injected_clock() {
    String key = tenant();
    String id = start(key, "{\"to\":\"+12025550108\"}").json().getString("id");
    String code = TestGateway.codeIn(gw.newestMessage("+12025550108").getString("body"), 6);

    gw.clock.advance(Duration.ofSeconds(301));
    try {
      ApiResponse late = check(key, id, code);
      assertThat(late.status()).isEqualTo(410);
      assertThat(late.json().getString("type")).endsWith(":verification_expired");
      assertThat(gw.api.get("/v1/verifications/" + id, key).json().getString("status"))
          .isEqualTo("expired");
    } finally {
      gw.clock.advance(Duration.ofSeconds(-301));
    }
  }

  @Test
  void a_pending_push_holds_the_code_until_its_timeout_and_a_cancel_sends_nothing() {
    String key = tenant();
    String held =
        "{\"to\":\"+12025550109\",\"push\":{\"status\":\"pending\",\"ack_timeout_ms\":1000}}";
    String fired =
        "{\"to\":\"+12025550110\",\"push\":{\"status\":\"pending\",\"ack_timeout_ms\":1000}}";

    ApiResponse canceledStart = start(key, held);
    ApiResponse firedStart = start(key, fired);
    String canceledId = canceledStart.json().getString("id");
    ApiResponse cancel = gw.api.post("/v1/verifications/" + canceledId + "/cancel", key, null);

    assertThat(canceledStart.status()).isEqualTo(202);
    assertThat(canceledStart.json().getString("status")).isEqualTo("pending_push");
    assertThat(canceledStart.json().getJsonObject("push").getString("status")).isEqualTo("pending");
    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.json().getString("status")).isEqualTo("canceled");
    assertThat(cancel.json().getJsonObject("push").getString("status")).isEqualTo("acknowledged");
    // The uncanceled one was armed later with the same timeout: once its code arrives, the
    // canceled one's moment has passed too.
    gw.newestMessage("+12025550110");
    assertThat(gw.inbox("+12025550109")).isEmpty();
    JsonObject sent =
        gw.api.get("/v1/verifications/" + firedStart.json().getString("id"), key).json();
    assertThat(sent.getString("status")).isIn("sent", "delivered");
    assertThat(sent.getJsonObject("push").getString("status")).isEqualTo("timed_out");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"to\":\"+12025550111\",\"push\":{\"status\":\"pending\",\"ack_timeout_ms\":999}}   | push.ack_timeout_ms | from 1000 to 60000",
        "{\"to\":\"+12025550111\",\"push\":{\"status\":\"pending\",\"ack_timeout_ms\":60001}} | push.ack_timeout_ms | from 1000 to 60000",
        "{\"to\":\"+12025550111\",\"push\":{\"status\":\"disabled\",\"ack_timeout_ms\":5000}} | push.ack_timeout_ms | only when push.status is pending",
        "{\"to\":\"+12025550111\",\"push\":{\"status\":\"maybe\"}}                              | push.status         | one of disabled, failed, timeout, pending",
        "{\"to\":\"+12025550111\",\"colour\":\"red\"}                                           | colour              | is not a known field",
        "{\"to\":\"+12025550111\",\"push\":{\"status\":\"failed\",\"extra\":1}}                 | push.extra          | is not a known field",
        "{\"to\":\"+447700900123\"}                                                             | to                  | not a valid number",
        "{\"to\":\"+493012345678\"}                                                             | to                  | landline",
        "{\"to\":\"+445612345678\"}                                                             | to                  | VoIP",
        "{\"to\":\"+19005550123\"}                                                              | to                  | premium-rate",
        "{\"to\":\"12025550111\"}                                                               | to                  | must start with +",
        "{\"push\":{\"status\":\"failed\"}}                                                     | to                  | is required",
        "{\"to\":12025550111}                                                                   | to                  | must be a string",
        "{\"to\":\"+12025550111\",\"risk\":\"medium\"}                                          | risk                | one of low, high",
        "{\"to\":\"+12025550111\",\"app_hash\":\"short\"}                                       | app_hash            | 11-character",
        "{\"to\":\"+12025550111\",\"transaction\":{\"amount\":\"4.9.0\",\"currency\":\"EUR\",\"payee\":\"A\"}} | transaction.amount | decimal amount",
      })
  void bad_fields_are_named_precisely_and_nothing_is_sent(
      String body, String field, String message) {
    String key = tenant();

    ApiResponse r = start(key, body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().getJsonObject("errors").getString(field)).contains(message);
    assertThat(gw.inbox("+12025550111")).isEmpty();
  }

  @Test
  void malformed_oversized_unauthenticated_and_non_json_requests_are_refused() {
    String key = tenant();

    ApiResponse malformed = start(key, "{\"to\": \"+12025550112\",");
    ApiResponse duplicate = start(key, "{\"to\":\"+12025550112\",\"to\":\"+12025550113\"}");
    ApiResponse oversized =
        start(key, "{\"to\":\"+12025550112\",\"user_ref\":\"" + "x".repeat(70_000) + "\"}");
    ApiResponse noKey = start(null, "{\"to\":\"+12025550112\"}");
    ApiResponse wrongKey = start("otpk_not-a-real-key", "{\"to\":\"+12025550112\"}");
    ApiResponse adminKey = start(TestGateway.ADMIN_KEY, "{\"to\":\"+12025550112\"}");
    ApiResponse form =
        gw.api.post(
            "/v1/verifications",
            key,
            "to=%2B12025550112",
            Map.of("Content-Type", "application/x-www-form-urlencoded"));

    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().getString("detail"))
        .isEqualTo(
            "the body is not valid JSON: it ends before the JSON value is complete"
                + " (line 1, column 23)");
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(oversized.status()).isEqualTo(413);
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(noKey.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(wrongKey.status()).isEqualTo(401);
    assertThat(adminKey.status()).isEqualTo(401);
    assertThat(form.status()).isEqualTo(415);
    for (ApiResponse r :
        new ApiResponse[] {malformed, duplicate, oversized, noKey, wrongKey, form}) {
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().fieldNames()).contains("type", "title", "status", "detail");
    }
    assertThat(gw.inbox("+12025550112")).isEmpty();
  }

  @Test
  void a_country_the_tenant_does_not_allow_is_forbidden() {
    String key = gw.createTenant("{\"id\":\"us-only\",\"allowed_countries\":[\"US\"]}");

    ApiResponse r = start(key, "{\"to\":\"+61491570156\"}");

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().getString("type")).endsWith(":country_not_permitted");
    assertThat(gw.inbox("+61491570156")).isEmpty();
  }

  @Test
  void a_payment_code_names_the_payment_and_approves_only_it() {
    String key = tenant();
    String txn = "{\"amount\":\"49.90\",\"currency\":\"EUR\",\"payee\":\"Acme Ltd\"}";
    String id =
        start(key, "{\"to\":\"+12025550114\",\"risk\":\"low\",\"transaction\":" + txn + "}")
            .json()
            .getString("id");
    String body = gw.newestMessage("+12025550114").getString("body");
    String code = TestGateway.codeIn(body, 6);

    ApiResponse withoutTxn = check(key, id, code);
    ApiResponse otherPayee =
        gw.api.post(
            "/v1/verifications/" + id + "/check",
            key,
            "{\"code\":\""
                + code
                + "\",\"transaction\":{\"amount\":\"49.90\",\"currency\":\"EUR\",\"payee\":\"Mallory\"}}");
    ApiResponse same =
        gw.api.post(
            "/v1/verifications/" + id + "/check",
            key,
            "{\"code\":\"" + code + "\",\"transaction\":" + txn + "}");

    assertThat(body).contains("EUR 49.90").contains("Acme Ltd");
    assertThat(withoutTxn.status()).isEqualTo(422);
    assertThat(otherPayee.status()).isEqualTo(422);
    assertThat(otherPayee.json().getInteger("attempts_left")).isEqualTo(3);
    assertThat(same.status()).isEqualTo(200);
  }

  @Test
  void a_pending_restart_of_a_live_code_holds_the_resend_and_a_cancel_within_it_sends_nothing() {
    String key = tenant();
    String canceled = "+12025550119";
    String fired = "+12025550120";
    String pending = "\",\"push\":{\"status\":\"pending\",\"ack_timeout_ms\":1000}}";
    String canceledId = start(key, "{\"to\":\"" + canceled + "\"}").json().getString("id");
    start(key, "{\"to\":\"" + fired + "\"}");
    gw.newestMessage(canceled);
    gw.newestMessage(fired);

    ApiResponse heldCanceled = start(key, "{\"to\":\"" + canceled + pending);
    ApiResponse heldFired = start(key, "{\"to\":\"" + fired + pending);
    assertThat(gw.inbox(canceled)).as("held, not resent at once").hasSize(1);
    ApiResponse cancel = gw.api.post("/v1/verifications/" + canceledId + "/cancel", key, null);

    assertThat(heldCanceled.status()).isEqualTo(202);
    assertThat(heldCanceled.json().getString("id")).isEqualTo(canceledId);
    assertThat(heldFired.status()).isEqualTo(202);
    assertThat(cancel.status()).isEqualTo(200);
    // Both holds were armed with the same timeout, the fired one later: once its resend is in,
    // the canceled one's moment has passed too.
    Await.until(
        "the held resend", Duration.ofSeconds(10), () -> gw.inbox(fired).size() == 2 ? true : null);
    assertThat(gw.inbox(canceled)).hasSize(1);
  }

  @Test
  void a_check_of_a_canceled_verification_says_canceled() {
    String key = tenant();
    String id =
        start(key, "{\"to\":\"+12025550121\",\"push\":{\"status\":\"pending\"}}")
            .json()
            .getString("id");
    gw.api.post("/v1/verifications/" + id + "/cancel", key, null);

    ApiResponse r = check(key, id, "123456");

    assertThat(r.status()).isEqualTo(410);
    assertThat(r.json().getString("verification_status")).isEqualTo("canceled");
    assertThat(r.json().getString("type")).endsWith(":verification_canceled");
  }

  @Test
  void a_regional_locale_is_served_by_its_language_and_the_answer_says_which() {
    String key = tenant();

    ApiResponse r = start(key, "{\"to\":\"+12025550122\",\"locale\":\"pt-BR\"}");

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().getString("locale")).isEqualTo("pt");
    assertThat(gw.newestMessage("+12025550122").getString("body")).startsWith("Sua senha Acme");
    assertThat(
            gw.api
                .get("/v1/verifications/" + r.json().getString("id"), key)
                .json()
                .getString("locale"))
        .isEqualTo("pt");
  }

  @Test
  void a_locale_without_a_template_is_refused_naming_the_supported_ones() {
    String key = tenant();

    ApiResponse r = start(key, "{\"to\":\"+12025550123\",\"locale\":\"tlh\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonObject("errors").getString("locale"))
        .contains("supported: de, en, es, fr, hi, pt");
    assertThat(gw.inbox("+12025550123")).isEmpty();
  }

  @Test
  void the_payee_reaches_the_handset_exactly_as_the_tenant_sent_it() {
    String key = tenant();
    String payee = "Müller & Söhne GmbH";

    start(
        key,
        "{\"to\":\"+12025550124\",\"transaction\":{\"amount\":\"10\",\"currency\":\"EUR\",\"payee\":\""
            + payee
            + "\"}}");

    assertThat(gw.newestMessage("+12025550124").getString("body"))
        .contains(" " + payee + " ")
        .contains("EUR 10.00");
  }

  @Test
  void a_payee_that_would_show_otherwise_is_refused_and_nothing_is_sent() {
    String key = tenant();

    ApiResponse reversed =
        start(
            key,
            "{\"to\":\"+12025550125\",\"transaction\":{\"amount\":\"10\",\"currency\":\"EUR\",\"payee\":\"Acme\\u202eLTD\"}}");
    ApiResponse lookalike =
        start(
            key,
            "{\"to\":\"+12025550125\",\"transaction\":{\"amount\":\"10\",\"currency\":\"EUR\",\"payee\":\"\u0410cme\"}}");
    ApiResponse noCurrency =
        start(
            key,
            "{\"to\":\"+12025550125\",\"transaction\":{\"amount\":\"10\",\"currency\":\"XYZ\",\"payee\":\"Acme\"}}");

    assertThat(reversed.status()).isEqualTo(400);
    assertThat(reversed.json().getJsonObject("errors").getString("transaction.payee"))
        .contains("bidirectional");
    assertThat(lookalike.json().getJsonObject("errors").getString("transaction.payee"))
        .contains("cyrillic and latin");
    assertThat(noCurrency.json().getJsonObject("errors").getString("transaction.currency"))
        .contains("ISO 4217");
    assertThat(gw.inbox("+12025550125")).isEmpty();
  }

  @Test
  void the_same_amount_written_differently_approves_and_burns_no_attempt() {
    String key = tenant();
    String id =
        start(
                key,
                "{\"to\":\"+12025550126\",\"transaction\":{\"amount\":\"49.9\",\"currency\":\"EUR\",\"payee\":\"Acme\"}}")
            .json()
            .getString("id");
    String body = gw.newestMessage("+12025550126").getString("body");
    String code = TestGateway.codeIn(body, 6);

    ApiResponse approved =
        gw.api.post(
            "/v1/verifications/" + id + "/check",
            key,
            "{\"code\":\""
                + code
                + "\",\"transaction\":{\"amount\":\"49.900\",\"currency\":\"EUR\",\"payee\":\"Acme\"}}");

    assertThat(body).contains("EUR 49.90");
    assertThat(approved.status()).isEqualTo(200);
  }

  @Test
  void a_one_minute_code_says_one_minute() {
    String key =
        gw.createTenant(
            "{\"id\":\"one-minute\",\"name\":\"Acme\",\"limits\":{\"code_ttl_seconds\":60}}");

    start(key, "{\"to\":\"+12025550127\"}");

    assertThat(gw.newestMessage("+12025550127").getString("body"))
        .contains("It expires in 1 minute.");
  }

  @Test
  void locale_app_hash_and_web_otp_shape_the_message() {
    String key = tenant();

    start(
        key,
        "{\"to\":\"+12025550115\",\"locale\":\"de-DE\",\"app_hash\":\"FA+9qCX9VSu\",\"web_otp_domain\":\"app.example.com\"}");

    String body = gw.newestMessage("+12025550115").getString("body");
    String code = TestGateway.codeIn(body, 6);
    assertThat(body).startsWith("Ihr Acme-Code lautet " + code);
    assertThat(body).endsWith("\n\n@app.example.com #" + code + " FA+9qCX9VSu");
  }

  @Test
  void a_tenants_code_length_and_template_apply() {
    String key =
        gw.createTenant(
            "{\"id\":\"custom\",\"name\":\"Shop\",\"limits\":{\"code_length\":8,\"code_ttl_seconds\":600},"
                + "\"templates\":{\"en\":\"{code} is your {app} code, valid {minutes} min\"}}");

    start(key, "{\"to\":\"+12025550116\"}");

    String body = gw.newestMessage("+12025550116").getString("body");
    assertThat(body).matches("[0-9]{8} is your Shop code, valid 10 min");
  }

  @Test
  void codes_and_keys_never_reach_a_log_line_or_a_metric() {
    String key = tenant();
    start(key, "{\"to\":\"+12025550117\"}");
    String code = TestGateway.codeIn(gw.newestMessage("+12025550117").getString("body"), 6);

    assertThat(logs.text())
        .doesNotContain(code)
        .doesNotContain(key)
        .doesNotContain(TestGateway.ADMIN_KEY);
    String metrics = gw.api.raw().get("/metrics", null).body();
    assertThat(metrics).doesNotContain(code).doesNotContain("+12025550117");
    assertThat(
            gw.metric(
                "otp_verifications_total{outcome=\"sent\",region=\"us\",tenant=\""
                    + "t"
                    + TENANTS.get()
                    + "\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void health_and_the_openapi_document_are_served() {
    assertThat(gw.api.get("/health/live", null).json().getString("status")).isEqualTo("up");
    assertThat(gw.api.get("/health/ready", null).json().getString("status")).isEqualTo("ready");
    JsonObject doc = gw.api.get("/openapi.json", null).json();
    assertThat(doc.getString("openapi")).isEqualTo("3.1.0");
    assertThat(gw.api.raw().get("/v1/nowhere", null).status()).isEqualTo(404);
  }

  @Test
  void head_is_get_without_a_body_and_a_wrong_method_says_which_are_allowed() {
    String key = tenant();
    String id = start(key, "{\"to\":\"+12025550128\"}").json().getString("id");

    ApiResponse head = gw.api.raw().send("HEAD", "/health/live", null, null, Map.of());
    ApiResponse headRead =
        gw.api.raw().send("HEAD", "/v1/verifications/" + id, key, null, Map.of());
    ApiResponse delete = gw.api.raw().delete("/v1/verifications/" + id, key);
    ApiResponse put =
        gw.api.raw().send("PUT", "/v1/admin/tenants/t1", TestGateway.ADMIN_KEY, "{}", Map.of());

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(headRead.status()).isEqualTo(200);
    assertThat(headRead.body()).isEmpty();
    assertThat(delete.status()).isEqualTo(405);
    assertThat(delete.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(delete.contentType()).startsWith("application/problem+json");
    assertThat(put.header("Allow")).isEqualTo("DELETE, GET, HEAD, PATCH");
  }
}
