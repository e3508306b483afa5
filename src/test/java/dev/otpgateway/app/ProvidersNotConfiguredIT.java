package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A gateway with credentials for Twilio and Sinch only, under the shipped rules, which rank
 * MessageBird first in the US and RCS first for a handset that takes it. What it says about a route
 * must describe what it can send through: the route preview's line, a verification's route, and the
 * ledger's record, which must not claim a handset cannot take RCS when there was no RBM adapter to
 * ask.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvidersNotConfiguredIT {
  private static final String TO = "+12025550170";

  private Vertx vertx;
  private ProviderSimulator simulator;
  private TestGateway gw;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    int httpPort = Ports.free();
    Map<String, String> all = new HashMap<>();
    all.put("OTPGW_PROVIDERS_TWILIO_ACCOUNT_SID", "AC" + "fedcba9876543210".repeat(2));
    all.put("OTPGW_PROVIDERS_TWILIO_AUTH_TOKEN", "partial-twilio-token");
    all.put("OTPGW_PROVIDERS_SINCH_SERVICE_PLAN_ID", "partialplan");
    all.put("OTPGW_PROVIDERS_SINCH_API_TOKEN", "partial-sinch-token");
    all.put("OTPGW_PROVIDERS_SINCH_WEBHOOK_SECRET", "partial-sinch-secret");
    all.put("OTPGW_PROVIDERS_MESSAGEBIRD_ACCESS_KEY", "partial-mb-key");
    all.put("OTPGW_PROVIDERS_MESSAGEBIRD_SIGNING_KEY", "partial-mb-signing");
    all.put("OTPGW_PROVIDERS_RBM_AGENT_ID", "partial-agent");
    all.put("OTPGW_PROVIDERS_RBM_ACCESS_TOKEN", "partial-rbm-token");
    all.put("OTPGW_PROVIDERS_RBM_WEBHOOK_TOKEN", "partial-rbm-webhook");
    // The simulator speaks for all four providers: only the gateway lacks credentials for two.
    simulator =
        new ProviderSimulator(
            vertx,
            Clock.systemUTC(),
            "http://127.0.0.1:" + httpPort,
            ProviderWiring.simulatedApis(ConfigLoader.load(all).providers()));
    String simulatorUrl = "http://127.0.0.1:" + Await.result(simulator.listen("127.0.0.1", 0));
    Map<String, String> env = new HashMap<>();
    all.forEach(
        (name, value) -> {
          if (name.contains("_TWILIO_") || name.contains("_SINCH_")) {
            env.put(name, value);
          }
        });
    env.put("OTPGW_PROVIDERS_TWILIO_BASE_URL", simulatorUrl + "/twilio");
    env.put("OTPGW_PROVIDERS_SINCH_BASE_URL", simulatorUrl + "/sinch");
    env.put("OTPGW_HTTP_PORT", Integer.toString(httpPort));
    env.put("OTPGW_SIMULATOR", "false");
    gw = TestGateway.start(env);
  }

  @AfterAll
  void stop() {
    if (gw != null) {
      gw.close();
    }
    simulator.close();
    Await.result(vertx.close(), Duration.ofSeconds(60));
  }

  @AfterEach
  void checkEventLoops() {
    TestGateway.assertNoBlockedThreads();
  }

  @Test
  void the_preview_the_route_and_the_ledger_describe_the_providers_this_gateway_has() {
    String key = gw.createTenant("partial", 3);

    JsonObject preview = gw.api.post("/v1/routes/preview", key, "{\"to\":\"" + TO + "\"}").json();
    JsonObject started = gw.startVerification(key, TO);

    String first = preview.getJsonArray("candidates").getJsonObject(0).getString("provider");
    assertThat(first).isIn("twilio", "sinch");
    assertThat(preview.getString("reason"))
        .startsWith(first + ": lowest score in us among those configured on this gateway (cost ");
    assertThat(exclusion(preview.getJsonArray("exclusions"), "messagebird"))
        .containsEntry("reason", "not_configured");
    assertThat(exclusion(preview.getJsonArray("exclusions"), "rbm"))
        .containsEntry("reason", "not_configured")
        .containsEntry(
            "detail",
            "rbm has no credentials on this gateway, so nobody asked whether the handset takes"
                + " RCS");

    assertThat(started.getString("provider")).isEqualTo(first);
    JsonObject v = gw.api.get("/v1/verifications/" + started.getString("id"), key).json();
    assertThat(v.getJsonObject("route").getString("reason")).isEqualTo(preview.getString("reason"));

    JsonObject decision =
        Await.until(
            "the send's ledger entry",
            Duration.ofSeconds(10),
            () ->
                gw.ledgerEntries("partial", "sent").stream()
                    .findFirst()
                    .map(e -> e.getJsonObject("decision"))
                    .orElse(null));
    assertThat(decision.getJsonObject("inputs").getString("rcs_check")).isEqualTo("no_adapter");
    assertThat(exclusion(decision.getJsonArray("exclusions"), "rbm"))
        .containsEntry("reason", "not_configured");
    assertThat(exclusion(decision.getJsonArray("skipped"), "messagebird"))
        .containsEntry("reason", "not_configured");
  }

  /** The one entry of {@code left} about {@code provider}, as a map. */
  private static Map<String, Object> exclusion(JsonArray left, String provider) {
    List<Map<String, Object>> found =
        left.stream()
            .map(e -> ((JsonObject) e).getMap())
            .filter(e -> provider.equals(e.get("provider")))
            .toList();
    assertThat(found).as("entries about %s in %s", provider, left).hasSize(1);
    return found.get(0);
  }
}
