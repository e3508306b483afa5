package dev.otpgateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RBM's capability check answers to RBM's breaker, as its sends do: checks that time out open it,
 * and while it is open a start to a number not remembered is routed without asking, so a hanging
 * RBM does not hold every such start for its whole timeout. Either way the decision says that RBM
 * did not answer, not that the handset cannot take RCS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RcsCapabilityBreakerIT {
  private static final int MAX_FAILURES = 3;
  private static final String CAPABLE = "+12025550160";
  // Different area codes: new numbers in one block would look like SMS pumping to the fraud guard.
  private static final String[] NOT_REMEMBERED = {"+12125550123", "+13055550123", "+13125550123"};
  private static final String PREVIEWED = "+14045550123";
  private static final String RCS_ONLY = "+16175550123";

  private TestGateway gw;

  @BeforeAll
  void start() {
    gw =
        TestGateway.start(
            Map.of(
                "OTPGW_PROVIDERS_RBM_TIMEOUT_MS", "300",
                "OTPGW_BREAKER_MAX_FAILURES", Integer.toString(MAX_FAILURES),
                "OTPGW_BREAKER_WINDOW_MS", "60000",
                // Open for the whole test once opened.
                "OTPGW_BREAKER_RESET_MS", "600000"));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  /** Why a route preview to {@code to} left RBM out, or null when it did not. */
  private String whyRbmLeftOut(String key, String to) {
    ApiResponse r = gw.api.post("/v1/routes/preview", key, "{\"to\":\"" + to + "\"}");
    assertThat(r.status()).as("preview: %s", r).isEqualTo(200);
    return r.json().getJsonArray("exclusions").stream()
        .map(JsonObject.class::cast)
        .filter(e -> e.getString("provider").equals("rbm"))
        .map(e -> e.getString("reason"))
        .findFirst()
        .orElse(null);
  }

  @Test
  void capability_checks_that_time_out_open_rbms_breaker_and_then_nobody_waits_for_one() {
    String key = gw.createTenant("rcsbreaker", 3);
    gw.fault("rbm", "{\"latency_ms\": 2000, \"rcs_capable\": [\"" + CAPABLE + "\"]}");
    assertThat(Scrape.circuit(gw, "rbm")).isZero();

    // A preview asks as a start does (the first check that times out): RBM is left out because it
    // did not answer, which says nothing about the handset.
    assertThat(whyRbmLeftOut(key, PREVIEWED)).isEqualTo("rcs_capability_unanswered");
    for (String to : NOT_REMEMBERED) {
      JsonObject started = gw.startVerification(key, to);
      // The check timed out: that says nothing about the handset, so the code goes by SMS.
      assertThat(started.getString("channel")).as(to).isEqualTo("sms");
      assertThat(gw.newestMessage(to).getString("channel")).as(to).isEqualTo("sms");
    }
    Await.until(
        "rbm's breaker open (2)",
        Duration.ofSeconds(5),
        () -> Scrape.circuit(gw, "rbm") == 2 ? true : null);

    // RBM answers at once again, but its breaker is open: the RCS-capable handset, never asked
    // about, gets its code by SMS rather than after a question to a provider judged unwell.
    gw.fault("rbm", "{\"latency_ms\": 0, \"rcs_capable\": [\"" + CAPABLE + "\"]}");
    assertThat(whyRbmLeftOut(key, CAPABLE)).isEqualTo("rcs_capability_unanswered");
    JsonObject started = gw.startVerification(key, CAPABLE);
    assertThat(started.getString("channel")).isEqualTo("sms");
    assertThat(gw.newestMessage(CAPABLE).getString("channel")).isEqualTo("sms");

    // A caller who asks for RCS alone meets RBM's outage (502, try again later), not a refusal
    // that claims the handset cannot take RCS.
    ApiResponse rcsOnly =
        gw.api.post("/v1/verifications", key, "{\"to\":\"" + RCS_ONLY + "\",\"channel\":\"rcs\"}");
    assertThat(rcsOnly.status()).as("%s", rcsOnly).isEqualTo(502);
    assertThat(rcsOnly.json().getString("type")).endsWith(":all_providers_failed");
    assertThat(rcsOnly.body()).doesNotContain("not RCS-capable");
    TestGateway.assertNoBlockedThreads();
  }
}
