package dev.otpgateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.messagebird.simulated.MessageBirdSimulatedApi;
import dev.otpgateway.providers.rbm.simulated.RbmSimulatedApi;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.providers.simulator.SimulatedMessage;
import dev.otpgateway.providers.sinch.simulated.SinchSimulatedApi;
import dev.otpgateway.providers.twilio.simulated.TwilioSimulatedApi;
import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.testing.RulesCopy;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MessageBird, the cheapest in the US and so first for a tenant that routes on price, answers far
 * slower than its 300 ms timeout. The gateway runs with real provider credentials against a
 * simulator it did not start, so that a proxy can stand in front of MessageBird: the simulator's
 * {@code latency_ms} delays taking a message as well as answering, while the proxy lets MessageBird
 * take a message at once and answer late.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowProviderIT {
  private static final String SLOW = "messagebird";
  private static final long TIMEOUT_MS = 300;
  private static final int STARTS = 30;
  private static final int CLIENTS = 5;

  /**
   * What a failover may add to the timeout, as the client sees it: planning, a look-up answered at
   * once, the next provider's send, recording the attempts, on a busy 2-core machine. Waiting for
   * the slow provider (3 s), or starts queueing behind each other (5 clients: about 5 x 300 ms),
   * would both break it.
   */
  private static final long MARGIN_MS = 700;

  private static final String TWILIO_SID = "AC" + "0123456789abcdef".repeat(2);
  private static final String TWILIO_TOKEN = "twilio-test-token";
  private static final String SINCH_PLAN = "sinchtestplan";
  private static final String SINCH_TOKEN = "sinch-test-token";
  private static final String SINCH_SECRET = "sinch-test-secret";
  private static final String MB_KEY = "mb-test-access-key";
  private static final String MB_SIGNING = "mb-test-signing-key";
  private static final String RBM_AGENT = "otp-gateway-test-agent";
  private static final String RBM_TOKEN = "rbm-test-access-token";
  private static final String RBM_WEBHOOK = "rbm-test-client-token";

  private Vertx vertx;
  private ProviderSimulator simulator;
  private LateAnswerProxy proxy;
  private TestGateway gw;
  private String key;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    int httpPort = Ports.free();
    simulator =
        new ProviderSimulator(
            vertx,
            Clock.systemUTC(),
            "http://127.0.0.1:" + httpPort,
            List.of(
                new TwilioSimulatedApi(TWILIO_SID, TWILIO_TOKEN),
                new SinchSimulatedApi(SINCH_PLAN, SINCH_TOKEN, SINCH_SECRET),
                new MessageBirdSimulatedApi(MB_KEY, MB_SIGNING),
                new RbmSimulatedApi(RBM_AGENT, RBM_TOKEN, RBM_WEBHOOK)));
    int simulatorPort = Await.result(simulator.listen("127.0.0.1", 0));
    proxy = new LateAnswerProxy(vertx, simulatorPort, "/messagebird/messages");
    int proxyPort = Await.result(proxy.listen());
    String direct = "http://127.0.0.1:" + simulatorPort;
    Map<String, String> env = new HashMap<>();
    env.put("OTPGW_HTTP_PORT", Integer.toString(httpPort));
    env.put("OTPGW_SIMULATOR", "false");
    env.put("OTPGW_PROVIDERS_TWILIO_ACCOUNT_SID", TWILIO_SID);
    env.put("OTPGW_PROVIDERS_TWILIO_AUTH_TOKEN", TWILIO_TOKEN);
    env.put("OTPGW_PROVIDERS_TWILIO_BASE_URL", direct + "/twilio");
    env.put("OTPGW_PROVIDERS_SINCH_SERVICE_PLAN_ID", SINCH_PLAN);
    env.put("OTPGW_PROVIDERS_SINCH_API_TOKEN", SINCH_TOKEN);
    env.put("OTPGW_PROVIDERS_SINCH_WEBHOOK_SECRET", SINCH_SECRET);
    env.put("OTPGW_PROVIDERS_SINCH_BASE_URL", direct + "/sinch");
    env.put("OTPGW_PROVIDERS_MESSAGEBIRD_ACCESS_KEY", MB_KEY);
    env.put("OTPGW_PROVIDERS_MESSAGEBIRD_SIGNING_KEY", MB_SIGNING);
    env.put(
        "OTPGW_PROVIDERS_MESSAGEBIRD_BASE_URL", "http://127.0.0.1:" + proxyPort + "/messagebird");
    env.put("OTPGW_PROVIDERS_MESSAGEBIRD_TIMEOUT_MS", Long.toString(TIMEOUT_MS));
    env.put("OTPGW_PROVIDERS_RBM_AGENT_ID", RBM_AGENT);
    env.put("OTPGW_PROVIDERS_RBM_ACCESS_TOKEN", RBM_TOKEN);
    env.put("OTPGW_PROVIDERS_RBM_WEBHOOK_TOKEN", RBM_WEBHOOK);
    env.put("OTPGW_PROVIDERS_RBM_BASE_URL", direct + "/rbm");
    // Every slow call must meet the timeout, not an open breaker.
    env.put("OTPGW_BREAKER_MAX_FAILURES", "1000");
    // This tenant routes on price alone, so the fast receipts of the stand-in never lift it above
    // the slow provider halfway through.
    env.put(
        "OTPGW_RULES_DIR",
        RulesCopy.ofShipped()
            .edit(
                "tenants.yaml",
                "tenants: {}",
                "tenants:\n  slow:\n    weights: {cost: 1.0, latency: 0.0, carbon: 0.0, quality: 0.0}")
            .dir());
    gw = TestGateway.start(env);
    key = gw.createTenant("slow", 3);
  }

  @AfterAll
  void stop() {
    if (gw != null) {
      gw.close();
    }
    proxy.close();
    simulator.close();
    Await.result(vertx.close(), Duration.ofSeconds(60));
  }

  @AfterEach
  void healAndCheckEventLoops() {
    proxy.holdSendAnswers(0);
    simulator.reset(SLOW);
    TestGateway.assertNoBlockedThreads();
  }

  private void assertSlowIsFirstChoice(String to) {
    ApiResponse r = gw.api.post("/v1/routes/preview", key, "{\"to\":\"" + to + "\"}");
    assertThat(r.json().getJsonArray("candidates").getJsonObject(0).getString("provider"))
        .as("the provider this test slows down is routing's first choice")
        .isEqualTo(SLOW);
  }

  private List<SimulatedMessage> inbox(String to) {
    return simulator.handsets().inbox(to);
  }

  private void slow(int latencyMs, double errorRate, int dlrDelayMs) {
    simulator.reset(SLOW);
    simulator.configure(
        SLOW,
        new JsonObject()
            .put("latency_ms", latencyMs)
            .put("error_rate", errorRate)
            .put("dlr_delay_ms", dlrDelayMs));
  }

  @Test
  @Order(1)
  void a_send_that_timed_out_but_was_taken_is_found_by_lookup_and_not_sent_twice() {
    String to = "+12025550150";
    assertSlowIsFirstChoice(to);
    // The receipt comes 20 ms after the provider took the message: long before the gateway, still
    // waiting out its timeout, has recorded the attempt. It must not be lost.
    slow(0, 0, 20);
    proxy.holdSendAnswers(1_500);

    long sentAt = System.nanoTime();
    ApiResponse started = gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);

    assertThat(started.status()).isEqualTo(201);
    assertThat(tookMs).as("answered without waiting for the late answer").isLessThan(1_500);
    JsonArray attempts = started.json().getJsonArray("attempts");
    assertThat(attempts).hasSize(1);
    JsonObject only = attempts.getJsonObject(0);
    assertThat(only.getString("provider")).isEqualTo(SLOW);
    assertThat(only.getString("outcome")).isEqualTo("accepted");
    assertThat(only.getString("reason")).isEqualTo("found_after_timeout");
    String id = started.json().getString("id");
    // Delivered: the receipt of the message the look-up found.
    JsonObject delivered = gw.awaitStatus(key, id, "delivered");
    assertThat(delivered.getJsonArray("attempts")).hasSize(1);
    assertThat(inbox(to)).hasSize(1);
    assertThat(inbox(to).get(0).provider()).isEqualTo(SLOW);
    assertThat(Scrape.sum(gw, "otp_failovers_total", Map.of("from", SLOW))).isZero();
  }

  @Test
  @Order(2)
  void starts_fail_over_past_a_provider_slower_than_its_timeout_and_answer_within_it()
      throws Exception {
    assertSlowIsFirstChoice("+12025550100");
    // Warm the next provider's client with a fast refusal from the slow one, so the timings below
    // measure failover, not a first connection.
    simulator.reset(SLOW);
    simulator.configure(SLOW, "{\"down\": true}");
    for (String to : List.of("+13125550100", "+13125550101")) {
      assertThat(gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}").status())
          .isEqualTo(201);
    }
    // Ten times slower than the timeout, and then refuses: the message is never taken.
    slow(3_000, 1.0, 20);

    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<ApiResponse>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < STARTS; i++) {
        String to = "+12025550" + (100 + i);
        answers.add(
            clients.submit(
                () -> {
                  long sentAt = System.nanoTime();
                  ApiResponse r =
                      gw.api.raw().post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
                  latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt));
                  return r;
                }));
      }
      for (int i = 0; i < STARTS; i++) {
        String to = "+12025550" + (100 + i);
        ApiResponse r = answers.get(i).get(30, TimeUnit.SECONDS);
        assertThat(r.status()).as("start to %s: %s", to, r).isEqualTo(201);
        JsonArray attempts = r.json().getJsonArray("attempts");
        assertThat(attempts).as("attempts to %s", to).hasSize(2);
        JsonObject timedOut = attempts.getJsonObject(0);
        assertThat(timedOut.getString("provider")).isEqualTo(SLOW);
        assertThat(timedOut.getString("outcome")).isEqualTo("failed");
        assertThat(timedOut.getString("failure")).isEqualTo("ambiguous");
        assertThat(timedOut.getString("reason")).isEqualTo("timeout");
        String next = attempts.getJsonObject(1).getString("provider");
        assertThat(next).isNotEqualTo(SLOW);
        SimulatedMessage received =
            Await.until(
                "a message to " + to,
                Duration.ofSeconds(10),
                () -> inbox(to).isEmpty() ? null : inbox(to).get(0));
        assertThat(received.provider()).isEqualTo(next);
        assertThat(inbox(to)).hasSize(1);
      }
    } finally {
      clients.shutdownNow();
    }

    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    // Nearest-rank p99: of 30 samples that is the slowest one.
    long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
    System.out.println("slow-provider failover latencies (ms): " + sorted);
    assertThat(p99).as("p99 of %s ms", sorted).isLessThanOrEqualTo(TIMEOUT_MS + MARGIN_MS);
    assertThat(Scrape.sum(gw, "otp_failovers_total", Map.of("from", SLOW, "reason", "timeout")))
        .isEqualTo(STARTS);
  }
}
