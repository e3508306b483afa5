package dev.otpgateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A provider's 400 says the number is bad, not the provider: a bad number costs one message, not
 * three, and it never opens the provider's breaker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermanentFailureIT {
  private static final int MAX_FAILURES = 3;

  private TestGateway gw;

  @BeforeAll
  void start() {
    gw = TestGateway.start(Map.of("OTPGW_BREAKER_MAX_FAILURES", Integer.toString(MAX_FAILURES)));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @AfterEach
  void eventLoopsNeverBlocked() {
    TestGateway.assertNoBlockedThreads();
  }

  private double requests(String provider) {
    return Scrape.sum(gw, "otp_provider_request_seconds_count", Map.of("provider", provider));
  }

  @Test
  void a_bad_number_answer_stops_at_the_first_provider_and_leaves_its_breaker_closed() {
    String key = gw.createTenant("perm", 3);
    JsonArray ranked =
        gw.api
            .post("/v1/routes/preview", key, "{\"to\":\"+12025550130\"}")
            .json()
            .getJsonArray("candidates");
    String first = ranked.getJsonObject(0).getString("provider");
    List<String> others =
        ranked.stream().map(c -> ((JsonObject) c).getString("provider")).skip(1).toList();
    assertThat(others).as("providers a failover could have used").isNotEmpty();
    gw.fault(first, "{\"error_rate\": 1.0, \"error_status\": 400}");

    // More refusals than it takes to open a breaker, had they counted.
    for (int i = 0; i < MAX_FAILURES + 2; i++) {
      String to = "+1202555013" + i;
      ApiResponse r = gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");

      assertThat(r.status()).as("start to %s: %s", to, r).isEqualTo(502);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().getString("type")).endsWith(":all_providers_failed");
      JsonArray attempts = r.json().getJsonArray("attempts");
      assertThat(attempts).as("a bad number costs one message").hasSize(1);
      JsonObject only = attempts.getJsonObject(0);
      assertThat(only.getString("provider")).isEqualTo(first);
      assertThat(only.getString("outcome")).isEqualTo("failed");
      assertThat(only.getString("failure")).isEqualTo("permanent");
      assertThat(only.getString("reason")).startsWith("http_400");
      // Any failover would have been answered before the 502: the handset has nothing.
      assertThat(gw.inbox(to)).isEmpty();
      String id = r.json().getString("verification_id");
      JsonObject read = gw.api.get("/v1/verifications/" + id, key).json();
      assertThat(read.getString("status")).isEqualTo("failed");
      assertThat(read.getJsonArray("attempts")).hasSize(1);
    }

    for (String other : others) {
      assertThat(requests(other)).as("calls to %s", other).isZero();
    }
    assertThat(requests(first)).isEqualTo(MAX_FAILURES + 2);
    assertThat(
            Scrape.sum(gw, "otp_messages_total", Map.of("provider", first, "outcome", "rejected")))
        .isEqualTo(MAX_FAILURES + 2);
    assertThat(Scrape.sum(gw, "otp_failovers_total", Map.of())).isZero();
    assertThat(Scrape.circuit(gw, first)).as("breaker of %s", first).isEqualTo(0);

    // The provider is still first choice: a good number goes straight through it.
    gw.heal(first);
    ApiResponse good = gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550139\"}");
    assertThat(good.status()).isEqualTo(201);
    assertThat(good.json().getJsonArray("attempts")).hasSize(1);
    assertThat(good.json().getString("provider")).isEqualTo(first);
    assertThat(gw.newestMessage("+12025550139").getString("provider")).isEqualTo(first);
  }
}
