package dev.otpgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.messagebird.simulated.MessageBirdSimulatedApi;
import dev.otpgateway.providers.rbm.simulated.RbmSimulatedApi;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.providers.sinch.simulated.SinchSimulatedApi;
import dev.otpgateway.providers.twilio.simulated.TwilioSimulatedApi;
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
  private static final String TWILIO_SID = "AC" + "fedcba9876543210".repeat(2);
  private static final String TWILIO_TOKEN = "twilio-partial-token";
  private static final String SINCH_PLAN = "sinchpartialplan";
  private static final String SINCH_TOKEN = "sinch-partial-token";
  private static final String SINCH_SECRET = "sinch-partial-secret";

  private Vertx vertx;
  private ProviderSimulator simulator;
  private TestGateway gw;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    int httpPort = Ports.free();
    // The simulator still speaks for all four providers: only the gateway lacks credentials.
    simulator =
        new ProviderSimulator(
            vertx,
            Clock.systemUTC(),
            "http://127.0.0.1:" + httpPort,
            List.of(
                new TwilioSimulatedApi(TWILIO_SID, TWILIO_TOKEN),
                new SinchSimulatedApi(SINCH_PLAN, SINCH_TOKEN, SINCH_SECRET),
                new MessageBirdSimulatedApi("mb-unused-key", "mb-unused-signing"),
                new RbmSimulatedApi("unused-agent", "rbm-unused-token", "rbm-unused-webhook")));
    String simulatorUrl = "http://127.0.0.1:" + Await.result(simulator.listen("127.0.0.1", 0));
    Map<String, String> env = new HashMap<>();
    env.put("OTPGW_HTTP_PORT", Integer.toString(httpPort));
    env.put("OTPGW_SIMULATOR", "false");
    env.put("OTPGW_PROVIDERS_TWILIO_ACCOUNT_SID", TWILIO_SID);
    env.put("OTPGW_PROVIDERS_TWILIO_AUTH_TOKEN", TWILIO_TOKEN);
    env.put("OTPGW_PROVIDERS_TWILIO_BASE_URL", simulatorUrl + "/twilio");
    env.put("OTPGW_PROVIDERS_SINCH_SERVICE_PLAN_ID", SINCH_PLAN);
    env.put("OTPGW_PROVIDERS_SINCH_API_TOKEN", SINCH_TOKEN);
    env.put("OTPGW_PROVIDERS_SINCH_WEBHOOK_SECRET", SINCH_SECRET);
    env.put("OTPGW_PROVIDERS_SINCH_BASE_URL", simulatorUrl + "/sinch");
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
