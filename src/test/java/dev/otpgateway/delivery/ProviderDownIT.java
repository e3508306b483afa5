package dev.otpgateway.delivery;

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
 * The provider routing ranks first is down for the whole outage: every code still reaches its
 * handset through another provider, the down one's breaker opens and keeps traffic off it, and once
 * it is healthy again the half-open breaker's own probe (a request that sends nothing) closes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderDownIT {
  private static final int MAX_FAILURES = 5;
  private static final Duration RESET = Duration.ofSeconds(4);

  private TestGateway gw;

  @BeforeAll
  void start() {
    gw =
        TestGateway.start(
            Map.of(
                "OTPGW_BREAKER_MAX_FAILURES", Integer.toString(MAX_FAILURES),
                "OTPGW_BREAKER_WINDOW_MS", "60000",
                "OTPGW_BREAKER_RESET_MS", Long.toString(RESET.toMillis())));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @AfterEach
  void eventLoopsNeverBlocked() {
    TestGateway.assertNoBlockedThreads();
  }

  private JsonObject preview(String key, String to) {
    ApiResponse r = gw.api.post("/v1/routes/preview", key, "{\"to\":\"" + to + "\"}");
    assertThat(r.status()).as("preview: %s", r).isEqualTo(200);
    return r.json();
  }

  private double requestsTo(String provider) {
    return Scrape.sum(gw, "otp_provider_request_seconds_count", Map.of("provider", provider));
  }

  @Test
  void a_down_provider_is_failed_over_then_cut_off_by_its_breaker_and_readmitted_after_a_trial() {
    String key = gw.createTenant("down", 3);
    JsonArray ranked = preview(key, "+12025550100").getJsonArray("candidates");
    String down = ranked.getJsonObject(0).getString("provider");
    String next = ranked.getJsonObject(1).getString("provider");
    gw.fault(down, "{\"down\": true}");

    List<JsonObject> started = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String to = "+120255501" + (i < 10 ? "0" : "") + i;
      JsonObject v = gw.startVerification(key, to);
      started.add(v);
      JsonObject received = gw.newestMessage(to);
      assertThat(received.getString("provider")).as("who carried %s", to).isNotEqualTo(down);
      assertThat(received.getString("provider")).isEqualTo(v.getString("provider"));
    }

    // The first MAX_FAILURES each tried the down provider, then the next; the breaker then opened
    // and routing stopped offering the down provider at all.
    for (int i = 0; i < started.size(); i++) {
      JsonArray attempts = started.get(i).getJsonArray("attempts");
      JsonObject accepted = attempts.getJsonObject(attempts.size() - 1);
      assertThat(accepted.getString("outcome")).isEqualTo("accepted");
      assertThat(accepted.getString("provider")).isNotEqualTo(down);
      if (i < MAX_FAILURES) {
        assertThat(attempts).as("attempts of start %d", i).hasSize(2);
        JsonObject failed = attempts.getJsonObject(0);
        assertThat(failed.getString("provider")).isEqualTo(down);
        assertThat(failed.getString("outcome")).isEqualTo("failed");
        assertThat(failed.getString("failure")).isEqualTo("retryable");
        assertThat(failed.getString("reason")).startsWith("http_503");
        assertThat(failed.getString("delivery")).isEqualTo("none");
        assertThat(accepted.getString("provider")).isEqualTo(next);
      } else {
        assertThat(attempts).as("attempts of start %d, breaker open", i).hasSize(1);
      }
    }
    assertThat(Scrape.circuit(gw, down)).isEqualTo(2);
    assertThat(requestsTo(down)).isEqualTo(MAX_FAILURES);
    assertThat(Scrape.sum(gw, "otp_failovers_total", Map.of("from", down, "to", next)))
        .isEqualTo(MAX_FAILURES);
    JsonObject excluded = exclusionOf(preview(key, "+12025550120"), down);
    assertThat(excluded.getString("reason")).isEqualTo("circuit_open");

    // Healthy again, but the breaker is still open: nothing is sent through it.
    gw.heal(down);
    for (String to : List.of("+12025550120", "+12025550121")) {
      JsonObject v = gw.startVerification(key, to);
      assertThat(v.getJsonArray("attempts")).hasSize(1);
      assertThat(v.getString("provider")).isNotEqualTo(down);
      assertThat(gw.newestMessage(to).getString("provider")).isNotEqualTo(down);
    }
    assertThat(requestsTo(down)).as("calls to the open provider").isEqualTo(MAX_FAILURES);
    assertThat(Scrape.circuit(gw, down)).as("still open after those starts").isEqualTo(2);

    // Its reset time over, the half-open breaker probes the provider on its own (a one-item
    // listing, which sends nothing): the provider answers, and the breaker closes without a
    // single start having to risk it.
    Await.until(
        "the breaker closes on its own probe",
        RESET.plusSeconds(3),
        () -> Scrape.circuit(gw, down) == 0 ? true : null);
    assertThat(requestsTo(down)).as("no message was the trial").isEqualTo(MAX_FAILURES);
    assertThat(exclusionOf(preview(key, "+12025550123"), down)).isNull();
  }

  @Test
  void a_provider_still_down_when_its_breaker_probes_stays_cut_off_until_a_probe_answers() {
    String key = gw.createTenant("still-down", 3);
    String down =
        preview(key, "+12025550140")
            .getJsonArray("candidates")
            .getJsonObject(0)
            .getString("provider");
    gw.fault(down, "{\"down\": true}");
    try {
      for (int i = 0; i < MAX_FAILURES; i++) {
        gw.startVerification(key, "+1202555014" + i);
      }
      Await.until(
          "the breaker opens",
          Duration.ofSeconds(5),
          () -> Scrape.circuit(gw, down) == 2 ? true : null);
      double sent = requestsTo(down);

      // A reset time and more: its probe failed, so it is open again, and no message was spent.
      sleep(RESET.plusSeconds(2));
      assertThat(Scrape.circuit(gw, down)).isEqualTo(2);
      assertThat(requestsTo(down)).isEqualTo(sent);
    } finally {
      gw.heal(down);
    }
    Await.until(
        "a later probe closes it",
        RESET.multipliedBy(2).plusSeconds(3),
        () -> Scrape.circuit(gw, down) == 0 ? true : null);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject exclusionOf(JsonObject decision, String provider) {
    JsonArray exclusions = decision.getJsonArray("exclusions");
    for (int i = 0; i < exclusions.size(); i++) {
      if (exclusions.getJsonObject(i).getString("provider").equals(provider)) {
        return exclusions.getJsonObject(i);
      }
    }
    return null;
  }
}
