package dev.otpgateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fraud guard end to end: a bot walking a number range (five near-consecutive numbers within
 * minutes) against a tenant in each mode. Each test has its own tenant and its own numbers; the
 * guard's sequence watch is per tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FraudGuardIT {
  private TestGateway gw;

  @BeforeAll
  void start() {
    gw = TestGateway.start(Map.of());
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @AfterEach
  void eventLoopsNeverBlocked() {
    TestGateway.assertNoBlockedThreads();
  }

  private String tenant(String id, String fraud) {
    return gw.createTenant(
        "{\"id\":\""
            + id
            + "\",\"limits\":{\"requests_per_second\":1000}"
            + (fraud == null ? "" : ",\"fraud\":" + fraud)
            + "}");
  }

  private ApiResponse start(String key, String to) {
    return gw.api.post(
        "/v1/verifications", key, "{\"to\":\"" + to + "\",\"push\":{\"status\":\"disabled\"}}");
  }

  /** UK mobile numbers +44 7400 12nnnn: a range a bot walks. */
  private static String walked(int n) {
    return String.format("+44740012%04d", n);
  }

  private double decisions(String tenant, String decision) {
    return Scrape.sum(
        gw, "otp_fraud_decisions_total", Map.of("tenant", tenant, "decision", decision));
  }

  @Test
  void a_walk_through_a_range_is_blocked_says_no_threshold_and_sends_nothing() {
    String key = tenant("walked", null);
    List<String> ids = new ArrayList<>();
    for (int n = 1; n <= 4; n++) {
      ApiResponse sent = start(key, walked(10 + n));
      assertThat(sent.status()).as("%s", sent).isEqualTo(201);
      ids.add(sent.json().getString("id"));
    }

    ApiResponse blocked = start(key, walked(15));

    assertThat(blocked.status()).isEqualTo(403);
    assertThat(blocked.contentType()).startsWith("application/problem+json");
    JsonObject problem = blocked.json();
    assertThat(problem.getString("type")).isEqualTo("urn:problem-type:otp-gateway:fraud_blocked");
    assertThat(problem.getString("detail"))
        .doesNotContainPattern("[0-9]")
        .doesNotContain("sequential", "signal", "approved", "within");
    assertThat(gw.inbox(walked(15))).isEmpty();
    assertThat(decisions("walked", "blocked")).isEqualTo(1);

    List<JsonObject> recorded =
        Await.until(
            "a fraud_blocked entry",
            Duration.ofSeconds(5),
            () -> {
              List<JsonObject> e = gw.ledgerEntries("walked", "fraud_blocked");
              return e.isEmpty() ? null : e;
            });
    assertThat(recorded).hasSize(1);
    JsonObject entry = recorded.get(0);
    assertThat(entry.getString("outcome")).isEqualTo("fraud_blocked");
    assertThat(entry.getString("number_masked")).isEqualTo("+44740012****");
    assertThat(entry.getJsonObject("detail").getString("signal_1"))
        .isEqualTo(
            "sequential_numbers tenant country GB over 10m: 5 started, 0 approved"
                + " (5 numbers within 50 of each other)");
    assertThat(entry.encode()).doesNotContain(walked(15));

    // Nothing blocked stops a code that was already sent from being checked.
    String code = TestGateway.codeIn(gw.newestMessage(walked(11)).getString("body"), 6);
    ApiResponse checked =
        gw.api.post(
            "/v1/verifications/" + ids.get(0) + "/check", key, "{\"code\":\"" + code + "\"}");
    assertThat(checked.status()).as("%s", checked).isEqualTo(200);
    assertThat(checked.json().getString("status")).isEqualTo("approved");
  }

  @Test
  void an_admin_sees_the_guards_view_of_a_number_with_its_figures() {
    String key = tenant("previewed", null);
    for (int n = 1; n <= 4; n++) {
      assertThat(start(key, walked(40 + n)).status()).isEqualTo(201);
    }

    ApiResponse preview =
        gw.api.post(
            "/v1/admin/tenants/previewed/fraud/preview",
            TestGateway.ADMIN_KEY,
            "{\"to\":\"" + walked(45) + "\"}");

    assertThat(preview.status()).as("%s", preview).isEqualTo(200);
    JsonObject view = preview.json();
    assertThat(view.getString("mode")).isEqualTo("block");
    assertThat(view.getString("verdict")).isEqualTo("blocked");
    assertThat(view.getString("country")).isEqualTo("GB");
    JsonObject signal = view.getJsonArray("signals").getJsonObject(0);
    assertThat(signal.getString("signal")).isEqualTo("sequential_numbers");
    assertThat(signal.getLong("started")).isEqualTo(5);
    JsonArray counts = view.getJsonArray("counts");
    assertThat(counts.getJsonObject(0).getString("subject")).isEqualTo("country GB");
    assertThat(counts.getJsonObject(0).getJsonObject("last_hour").getLong("started")).isEqualTo(4);
    assertThat(view.getLong("others_behind_ms_at_most")).isEqualTo(2000);
    // A preview is not a start: the next real one is judged on the same four.
    assertThat(start(key, walked(45)).status()).isEqualTo(403);

    assertThat(
            gw.api
                .post(
                    "/v1/admin/tenants/previewed/fraud/preview",
                    key,
                    "{\"to\":\"" + walked(45) + "\"}")
                .status())
        .as("a tenant key is not the admin key")
        .isEqualTo(401);
    ApiResponse bad =
        gw.api.post(
            "/v1/admin/tenants/previewed/fraud/preview", TestGateway.ADMIN_KEY, "{\"to\":\"12\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonObject("errors").getString("to")).isNotBlank();
    assertThat(
            gw.api
                .post(
                    "/v1/admin/tenants/nobody/fraud/preview",
                    TestGateway.ADMIN_KEY,
                    "{\"to\":\"" + walked(45) + "\"}")
                .status())
        .isEqualTo(404);
  }

  @Test
  void record_only_sends_every_code_and_records_what_it_would_have_blocked() {
    String key = tenant("recorder", "{\"mode\":\"record_only\"}");

    for (int n = 1; n <= 6; n++) {
      assertThat(start(key, walked(70 + n)).status()).isEqualTo(201);
    }

    assertThat(gw.inbox(walked(76))).hasSize(1);
    assertThat(decisions("recorder", "flagged")).isEqualTo(2);
    List<JsonObject> flagged =
        Await.until(
            "fraud_flagged entries",
            Duration.ofSeconds(5),
            () -> {
              List<JsonObject> e = gw.ledgerEntries("recorder", "fraud_flagged");
              return e.size() == 2 ? e : null;
            });
    assertThat(flagged.get(0).getJsonObject("detail").getString("signal_1"))
        .startsWith("sequential_numbers tenant country GB over 10m: 5 started");

    // Started again while its code is live: the code is resent, and the flag is on record too.
    ApiResponse again = start(key, walked(76));
    assertThat(again.status()).isEqualTo(201);
    assertThat(gw.inbox(walked(76))).hasSize(2);
    Await.until(
        "the resend's fraud_flagged entry",
        Duration.ofSeconds(5),
        () -> gw.ledgerEntries("recorder", "fraud_flagged").size() == 3 ? true : null);
  }

  @Test
  void a_safe_listed_prefix_is_never_blocked() {
    String key = tenant("partner", "{\"safe_list\":[\"+4474001\"]}");

    for (int n = 1; n <= 6; n++) {
      assertThat(start(key, walked(100 + n)).status()).isEqualTo(201);
    }

    assertThat(decisions("partner", "safe_listed")).isEqualTo(6);
    assertThat(decisions("partner", "blocked")).isZero();
  }

  @Test
  void a_bypass_is_refused_without_allow_bypass_and_honoured_with_it() {
    String strict = tenant("strict", null);
    ApiResponse refused =
        gw.api.post(
            "/v1/verifications", strict, "{\"to\":\"" + walked(130) + "\",\"fraud_check\":false}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().getString("type"))
        .isEqualTo("urn:problem-type:otp-gateway:fraud_bypass_not_allowed");
    assertThat(gw.inbox(walked(130))).isEmpty();

    String trusted = tenant("trusted", "{\"allow_bypass\":true}");
    for (int n = 1; n <= 4; n++) {
      assertThat(start(trusted, walked(140 + n)).status()).isEqualTo(201);
    }
    assertThat(start(trusted, walked(145)).status()).isEqualTo(403);
    ApiResponse bypassed =
        gw.api.post(
            "/v1/verifications", trusted, "{\"to\":\"" + walked(146) + "\",\"fraud_check\":false}");
    assertThat(bypassed.status()).as("%s", bypassed).isEqualTo(201);
    assertThat(decisions("trusted", "bypassed")).isEqualTo(1);
  }

  @Test
  void the_tenants_settings_read_back_as_given_and_bad_ones_are_refused_precisely() {
    tenant("configured", "{\"mode\":\"record_only\",\"safe_list\":[\"+1202555\"]}");
    JsonObject fraud =
        gw.api
            .get("/v1/admin/tenants/configured", TestGateway.ADMIN_KEY)
            .json()
            .getJsonObject("fraud");
    assertThat(fraud.getString("mode")).isEqualTo("record_only");
    assertThat(fraud.getJsonArray("safe_list")).containsExactly("+1202555");
    assertThat(fraud.getBoolean("allow_bypass")).isFalse();

    ApiResponse bad =
        gw.api.patch(
            "/v1/admin/tenants/configured",
            TestGateway.ADMIN_KEY,
            "{\"fraud\":{\"mode\":\"lenient\",\"safe_list\":[\"1202\"]}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonObject("errors").fieldNames())
        .containsExactlyInAnyOrder("fraud.mode", "fraud.safe_list");
    assertThat(
            gw.api
                .get("/v1/admin/tenants/configured", TestGateway.ADMIN_KEY)
                .json()
                .getJsonObject("fraud")
                .getString("mode"))
        .isEqualTo("record_only");
  }
}
