package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.MutableClock;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three gateway members on loopback, one Hazelcast cluster, one provider simulator outside them all
 * (as in docker-compose). State is shared, and a member that dies takes nothing with it: its
 * verifications stay readable and its armed push timers still fire.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private final Vertx simulatorVertx = Vertx.vertx();
  private ProviderSimulator simulator;
  private final List<TestGateway> nodes = new ArrayList<>();
  private final int[] clusterPorts = {Ports.free(), Ports.free(), Ports.free()};

  @BeforeAll
  void startCluster() {
    int[] httpPorts = {Ports.free(), Ports.free(), Ports.free()};
    Map<String, String> shared = new HashMap<>();
    shared.put("OTPGW_SIMULATOR", "false");
    shared.put("OTPGW_OTP_SECRET", "Y2x1c3Rlci10ZXN0LXNlY3JldC0zMi1ieXRlcy1sb25nIQ==");
    shared.put("OTPGW_PUBLIC_BASE_URL", "http://127.0.0.1:" + httpPorts[2]);
    shared.put("OTPGW_PROVIDERS_TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000007");
    shared.put("OTPGW_PROVIDERS_TWILIO_AUTH_TOKEN", "cluster-twilio-token");
    shared.put("OTPGW_PROVIDERS_SINCH_SERVICE_PLAN_ID", "clusterplan");
    shared.put("OTPGW_PROVIDERS_SINCH_API_TOKEN", "cluster-sinch-token");
    shared.put("OTPGW_PROVIDERS_SINCH_WEBHOOK_SECRET", "cluster-sinch-secret");
    shared.put("OTPGW_PROVIDERS_MESSAGEBIRD_ACCESS_KEY", "cluster-mb-key");
    shared.put("OTPGW_PROVIDERS_MESSAGEBIRD_SIGNING_KEY", "cluster-mb-signing");
    shared.put("OTPGW_PROVIDERS_RBM_AGENT_ID", "cluster-agent");
    shared.put("OTPGW_PROVIDERS_RBM_ACCESS_TOKEN", "cluster-rbm-token");
    shared.put("OTPGW_PROVIDERS_RBM_WEBHOOK_TOKEN", "cluster-rbm-webhook");

    ProviderSettings credentials = ConfigLoader.load(shared).providers();
    simulator =
        new ProviderSimulator(
            simulatorVertx,
            Clock.systemUTC(),
            shared.get("OTPGW_PUBLIC_BASE_URL"),
            ProviderWiring.simulatedApis(credentials));
    int simulatorPort = Await.result(simulator.listen("127.0.0.1", 0));
    for (String provider : List.of("twilio", "sinch", "messagebird", "rbm")) {
      shared.put(
          "OTPGW_PROVIDERS_" + provider.toUpperCase() + "_BASE_URL",
          "http://127.0.0.1:" + simulatorPort + "/" + provider);
    }

    MutableClock clock = MutableClock.now();
    for (int i = 0; i < 3; i++) {
      Map<String, String> env = new HashMap<>(shared);
      env.put("OTPGW_HTTP_PORT", Integer.toString(httpPorts[i]));
      env.put("OTPGW_CLUSTER_PORT", Integer.toString(clusterPorts[i]));
      List<String> others = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        if (j != i) {
          others.add("127.0.0.1:" + clusterPorts[j]);
        }
      }
      env.put("OTPGW_CLUSTER_MEMBERS", String.join(",", others));
      nodes.add(TestGateway.start(env, clock));
    }
    // Safe: every partition has its owner and backup in place. A write while the third member's
    // partitions still migrate can find its backup unconfirmed and answer 503.
    Await.until(
        "three members in one cluster, its partitions in place",
        Duration.ofSeconds(30),
        () ->
            Hazelcast.getAllHazelcastInstances().stream()
                    .allMatch(
                        h ->
                            h.getCluster().getMembers().size() == 3
                                && h.getPartitionService().isClusterSafe())
                ? true
                : null);
  }

  @AfterAll
  void stop() {
    for (TestGateway node : nodes) {
      try {
        node.close();
      } catch (RuntimeException alreadyDead) {
        // the killed member
      }
    }
    Await.result(simulator.close());
    Await.result(simulatorVertx.close());
  }

  private String newestCode(String number) {
    JsonArray inbox =
        Await.until(
            "a message to " + number,
            Duration.ofSeconds(15),
            () -> {
              JsonArray messages =
                  new JsonArray(
                      simulator.handsets().inbox(number).stream().map(m -> m.body()).toList());
              return messages.isEmpty() ? null : messages;
            });
    return TestGateway.codeIn(inbox.getString(0), 6);
  }

  @Test
  void every_member_serves_what_another_one_started() {
    String key = nodes.get(0).createTenant("spread", 3);

    String id =
        nodes
            .get(0)
            .api
            .post("/v1/verifications", key, "{\"to\":\"+12025550170\"}")
            .json()
            .getString("id");
    String code = newestCode("+12025550170");
    ApiResponse onSecond =
        nodes
            .get(1)
            .api
            .post("/v1/verifications/" + id + "/check", key, "{\"code\":\"" + code + "\"}");
    ApiResponse onThird =
        nodes
            .get(2)
            .api
            .post("/v1/verifications/" + id + "/check", key, "{\"code\":\"" + code + "\"}");

    assertThat(onSecond.status()).isEqualTo(200);
    assertThat(onThird.status()).as("the code was consumed cluster-wide").isEqualTo(410);
  }

  @Test
  void the_rate_limit_counts_sends_on_every_member() {
    String key = nodes.get(0).createTenant("limited", 3);

    for (int i = 0; i < 3; i++) {
      assertThat(
              nodes.get(i).api.post("/v1/verifications", key, "{\"to\":\"+12025550171\"}").status())
          .isEqualTo(201);
    }

    assertThat(
            nodes.get(1).api.post("/v1/verifications", key, "{\"to\":\"+12025550171\"}").status())
        .isEqualTo(429);
  }

  @Test
  void a_breaker_one_member_opens_is_open_on_every_member_and_closes_on_all_after_a_probe() {
    String key = nodes.get(0).createTenant("breakers", 3);
    String down =
        nodes
            .get(0)
            .api
            .post("/v1/routes/preview", key, "{\"to\":\"+12025550180\"}")
            .json()
            .getJsonArray("candidates")
            .getJsonObject(0)
            .getString("provider");
    simulator.configure(down, "{\"down\": true}");
    try {
      // Only the first member sends, and fails over past the down provider until its breaker
      // opens (5 failures by default).
      for (int i = 0; i < 5; i++) {
        ApiResponse started =
            nodes.get(0).api.post("/v1/verifications", key, "{\"to\":\"+1202555019" + i + "\"}");
        assertThat(started.status()).as("%s", started).isEqualTo(201);
      }
      for (TestGateway node : nodes) {
        Await.until(
            "the breaker of " + down + " open on " + node.gateway.baseUrl(),
            Duration.ofSeconds(5),
            () -> Scrape.circuit(node, down) == 2 ? true : null);
      }
    } finally {
      simulator.reset(down);
    }
    // No traffic at all: each member's half-open breaker probes, and the first answer closes them
    // all.
    for (TestGateway node : nodes) {
      Await.until(
          "the breaker of " + down + " closed on " + node.gateway.baseUrl(),
          Duration.ofSeconds(20),
          () -> Scrape.circuit(node, down) == 0 ? true : null);
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // kills a member: the other tests need all three
  void a_member_that_dies_loses_neither_its_verifications_nor_its_armed_timers() {
    String key = nodes.get(0).createTenant("survivor", 3);
    TestGateway doomed = nodes.get(1);
    String sent =
        doomed
            .api
            .post("/v1/verifications", key, "{\"to\":\"+12025550172\"}")
            .json()
            .getString("id");
    String held =
        doomed
            .api
            .post(
                "/v1/verifications",
                key,
                "{\"to\":\"+12025550173\",\"push\":{\"status\":\"pending\",\"ack_timeout_ms\":3000}}")
            .json()
            .getString("id");

    kill(doomed, clusterPorts[1]);

    assertThat(nodes.get(0).api.get("/v1/verifications/" + sent, key).json().getString("id"))
        .isEqualTo(sent);
    String code = newestCode("+12025550173");
    ApiResponse checked =
        nodes
            .get(2)
            .api
            .post("/v1/verifications/" + held + "/check", key, "{\"code\":\"" + code + "\"}");
    assertThat(checked.status())
        .as("the held code, sent by a survivor after the push timed out")
        .isEqualTo(200);
  }

  /** Terminates the member's Hazelcast instance abruptly (no graceful leave), then its Vert.x. */
  private void kill(TestGateway node, int clusterPort) {
    HazelcastInstance member =
        Hazelcast.getAllHazelcastInstances().stream()
            .filter(h -> h.getCluster().getLocalMember().getAddress().getPort() == clusterPort)
            .findFirst()
            .orElseThrow();
    member.getLifecycleService().terminate();
    node.gateway.vertx().close();
    Await.until(
        "the survivors to see two members",
        Duration.ofSeconds(30),
        () ->
            Hazelcast.getAllHazelcastInstances().stream()
                    .allMatch(h -> h.getCluster().getMembers().size() == 2)
                ? true
                : null);
  }
}
