package dev.otpgateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SIM-swap check end to end: the gateway asks the simulated Twilio Lookup v2 ({@code
 * Fields=sim_swap}) before a high-risk SMS; the simulator's {@code sim_swapped} says which numbers'
 * SIMs changed, and when.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimSwapIT {
  private static final String SWAPPED = "+12025550190";

  private TestGateway gw;

  @BeforeAll
  void start() {
    gw = TestGateway.start(Map.of());
    gw.fault("twilio", "{\"sim_swapped\": {\"" + SWAPPED + "\": \"PT24H\"}}");
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @AfterEach
  void eventLoopsNeverBlocked() {
    TestGateway.assertNoBlockedThreads();
  }

  private String tenant(String id, String simSwap) {
    return gw.createTenant(
        "{\"id\":\""
            + id
            + "\",\"limits\":{\"requests_per_second\":1000},\"fraud\":{\"mode\":\"off\"}"
            + (simSwap == null ? "" : ",\"sim_swap\":" + simSwap)
            + "}");
  }

  private ApiResponse start(String key, String to, String risk) {
    return gw.api.post(
        "/v1/verifications",
        key,
        "{\"to\":\"" + to + "\",\"risk\":\"" + risk + "\",\"push\":{\"status\":\"disabled\"}}");
  }

  private double checks(String outcome) {
    return Scrape.sum(gw, "otp_sim_swap_checks_total", Map.of("outcome", outcome));
  }

  @Test
  void a_high_risk_code_to_a_number_whose_sim_changed_yesterday_gets_no_sms() {
    String key = tenant("payments", null);

    ApiResponse refused = start(key, SWAPPED, "high");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().getString("type"))
        .isEqualTo("urn:problem-type:otp-gateway:recent_sim_swap");
    assertThat(refused.json().getString("detail")).contains("7 days");
    assertThat(gw.inbox(SWAPPED)).isEmpty();
    assertThat(checks("swapped")).isEqualTo(1);

    // A low-risk start is not checked by default; another number's SIM did not change.
    assertThat(start(key, SWAPPED, "low").status()).isEqualTo(201);
    assertThat(start(key, "+12025550191", "high").status()).isEqualTo(201);
    assertThat(checks("not_swapped")).isEqualTo(1);

    // Each answered look-up is a cost line of its own in the report.
    JsonObject totals =
        Await.until(
            "the look-ups in the report",
            Duration.ofSeconds(5),
            () -> {
              JsonObject t =
                  gw.api
                      .get("/v1/reports/costs?group_by=tenant", key)
                      .json()
                      .getJsonObject("totals");
              return t.getLong("lookups") == 2 ? t : null;
            });
    assertThat(totals.getString("lookup_cost_usd")).isEqualTo("0.1000");
    assertThat(totals.getLong("messages")).isEqualTo(2);
  }

  @Test
  void a_tenant_with_a_shorter_window_or_checks_always_is_answered_by_its_own_settings() {
    String lenient = tenant("lenient", "{\"check\":\"always\",\"max_age_days\":1}");
    // Swapped 24 hours ago: not within one day's window... and a low-risk start is checked.
    gw.fault("twilio", "{\"sim_swapped\": {\"+12025550192\": \"PT25H\"}}");
    try {
      assertThat(start(lenient, "+12025550192", "low").status()).isEqualTo(201);
      String strict = tenant("strict", "{\"check\":\"always\",\"max_age_days\":2}");
      assertThat(start(strict, "+12025550192", "low").status()).isEqualTo(422);
    } finally {
      gw.fault("twilio", "{\"sim_swapped\": {\"" + SWAPPED + "\": \"PT24H\"}}");
    }
  }

  @Test
  void a_failed_lookup_lets_the_code_through_or_refuses_as_the_tenant_chose() {
    String allows = tenant("allows", null);
    String refuses = tenant("refuses", "{\"on_lookup_error\":\"refuse\"}");
    gw.fault("twilio", "{\"down\": true}");
    try {
      ApiResponse sent = start(allows, "+12025550193", "high");
      assertThat(sent.status()).as("%s", sent).isEqualTo(201);
      assertThat(sent.json().getString("provider")).isNotEqualTo("twilio");

      ApiResponse refused = start(refuses, "+12025550194", "high");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().getString("type"))
          .isEqualTo("urn:problem-type:otp-gateway:sim_swap_lookup_failed");
      assertThat(refused.header("Retry-After")).isEqualTo("30");
      assertThat(gw.inbox("+12025550194")).isEmpty();
      assertThat(checks("lookup_failed")).isEqualTo(2);
    } finally {
      gw.heal("twilio");
      gw.fault("twilio", "{\"sim_swapped\": {\"" + SWAPPED + "\": \"PT24H\"}}");
    }
  }

  @Test
  void the_settings_read_back_and_bad_ones_are_refused_precisely() {
    tenant("reads", "{\"check\":\"off\",\"max_age_days\":14,\"on_lookup_error\":\"refuse\"}");
    JsonObject simSwap =
        gw.api
            .get("/v1/admin/tenants/reads", TestGateway.ADMIN_KEY)
            .json()
            .getJsonObject("sim_swap");
    assertThat(simSwap.getString("check")).isEqualTo("off");
    assertThat(simSwap.getInteger("max_age_days")).isEqualTo(14);
    assertThat(simSwap.getString("on_lookup_error")).isEqualTo("refuse");

    ApiResponse bad =
        gw.api.patch(
            "/v1/admin/tenants/reads",
            TestGateway.ADMIN_KEY,
            "{\"sim_swap\":{\"check\":\"sometimes\",\"max_age_days\":31}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonObject("errors").fieldNames())
        .containsExactlyInAnyOrder("sim_swap.check", "sim_swap.max_age_days");
  }
}
