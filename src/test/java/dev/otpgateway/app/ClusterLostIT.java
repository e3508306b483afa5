package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.otpgateway.cluster.ClusterOptions;
import dev.otpgateway.cluster.HazelcastSetup;
import dev.otpgateway.providers.twilio.TwilioSignature;
import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.GatewayProcess;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.Future;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A gateway process whose Hazelcast member stops on its own (here: the whole cluster is shut down
 * from another member) exits with its own status, so that its supervisor starts a fresh member,
 * instead of living on out of the cluster and failing every request; and until it has exited, what
 * reaches it is told to go elsewhere (503), not that the gateway failed (500).
 */
class ClusterLostIT {
  @Test
  void a_member_whose_hazelcast_stopped_on_its_own_exits_with_status_3() {
    int http = Ports.free();
    int gatewayCluster = Ports.free();
    int otherCluster = Ports.free();
    Map<String, String> env =
        Map.of(
            "OTPGW_HTTP_PORT",
            Integer.toString(http),
            "OTPGW_SIMULATOR_PORT",
            "0",
            "OTPGW_CLUSTER_PORT",
            Integer.toString(gatewayCluster),
            "OTPGW_CLUSTER_MEMBERS",
            "127.0.0.1:" + otherCluster,
            "OTPGW_OTP_SECRET",
            "Y2x1c3Rlci1sb3N0LXRlc3Qtc2VjcmV0LW9mLTMyLWJ5dGVzIQ==",
            "OTPGW_ADMIN_KEY",
            "otpa_cluster-lost-admin-key-of-32-chars",
            "OTPGW_DATA_DIR",
            TestGateway.tempDir().toString(),
            "OTPGW_DEMO_TENANT",
            "false");
    try (GatewayProcess gateway =
        GatewayProcess.start(
            "cluster-lost", env, List.of(), "http://127.0.0.1:" + http + "/health/ready")) {
      List<String> both = List.of("127.0.0.1:" + gatewayCluster, "127.0.0.1:" + otherCluster);
      HazelcastInstance other =
          Hazelcast.newHazelcastInstance(
              HazelcastSetup.config(
                  new ClusterOptions("127.0.0.1", otherCluster, both, "", Duration.ofHours(24))));
      try {
        Await.until(
            "the other member joined the gateway's cluster, its partitions migrated",
            Duration.ofSeconds(30),
            () ->
                other.getCluster().getMembers().size() == 2
                        && other.getPartitionService().isClusterSafe()
                    ? true
                    : null);

        other.getCluster().shutdown();
      } finally {
        // Stopped with the cluster; or, when the join failed, here, not left in the test JVM.
        other.getLifecycleService().terminate();
      }

      assertThat(gateway.exitCode()).as(gateway.log()).isEqualTo(Main.EXIT_CLUSTER_LOST);
      assertThat(gateway.log())
          .contains("this member's Hazelcast instance stopped without the gateway stopping it")
          .contains("every start and send in flight finished");
    }
  }

  @Test
  void requests_that_reach_a_member_whose_hazelcast_stopped_are_told_to_retry_elsewhere() {
    // Embedded, the gateway only logs its lost cluster and lives on: the moment before a process
    // exits, held open.
    String twilioToken = "cluster-lost-twilio-token";
    try (TestGateway gw =
        TestGateway.start(
            Map.of(
                "OTPGW_PROVIDERS_TWILIO_ACCOUNT_SID",
                "AC" + "0123456789abcdef".repeat(2),
                "OTPGW_PROVIDERS_TWILIO_AUTH_TOKEN",
                twilioToken))) {
      String key = gw.createTenant("acme", 100);
      String unknown = "/v1/verifications/ver_00000000000000000000000000";
      assertThat(gw.api.get(unknown, key).status()).isEqualTo(404);
      int clusterPort = Integer.parseInt(gw.env.get("OTPGW_CLUSTER_PORT"));
      Hazelcast.getAllHazelcastInstances().stream()
          .filter(h -> h.getCluster().getLocalMember().getAddress().getPort() == clusterPort)
          .findFirst()
          .orElseThrow()
          .getLifecycleService()
          .terminate();

      List<ApiResponse> answers =
          List.of(
              gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550141\"}"),
              gw.api.get(unknown, key),
              // The admin's tenant insert and list are blocking map calls on a worker thread.
              gw.api.post(
                  "/v1/admin/tenants",
                  TestGateway.ADMIN_KEY,
                  "{\"id\":\"globex\",\"name\":\"Globex\"}"),
              gw.api.get("/v1/admin/tenants", TestGateway.ADMIN_KEY),
              // A genuine receipt: its provider is told to send it again, not that it was taken.
              receipt(gw, twilioToken, "ver_" + "a".repeat(26) + ".1"));
      for (ApiResponse answer : answers) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.json().getString("type"))
            .isEqualTo("urn:problem-type:otp-gateway:cluster_unavailable");
        assertThat(answer.header("Retry-After")).isEqualTo("1");
      }
    }
  }

  /** A Twilio status callback for {@code reference}, signed as Twilio signs it. */
  private static ApiResponse receipt(TestGateway gw, String token, String reference) {
    String path = "/webhooks/twilio?ref=" + reference;
    Map<String, String> params =
        Map.of(
            "MessageSid", "SM" + "0".repeat(32),
            "MessageStatus", "delivered",
            "To", "+12025550141");
    String form =
        params.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return gw.api.send(
        "POST",
        path,
        null,
        form,
        Map.of(
            "Content-Type",
            "application/x-www-form-urlencoded",
            "X-Twilio-Signature",
            new TwilioSignature(token).sign(gw.gateway.baseUrl() + path, params)));
  }

  @Test
  void a_gateway_that_fails_to_start_stops_its_member_without_calling_it_lost() {
    // The rules are read after the member has joined: the start fails with a member to stop.
    Map<String, String> env =
        TestGateway.env(
            Map.of("OTPGW_RULES_DIR", TestGateway.tempDir().resolve("no-such-rules").toString()));
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(Gateway.class.getName());
    log.addHandler(capture);
    try {
      Future<Gateway> start =
          Gateway.start(
              ConfigLoader.load(env),
              Clock.systemUTC(),
              Gateway.defaultVertxOptions(),
              new PrintStream(OutputStream.nullOutputStream()));

      assertThat(Await.failure(start)).hasMessageContaining("invalid routing rules");
      // Hazelcast has stopped by the time the start fails (Vert.x closes it first), and it tells
      // its listeners as it stops.
      assertThat(logged)
          .contains("the gateway failed to start")
          .noneMatch(line -> line.contains("stopped without the gateway stopping it"));
    } finally {
      log.removeHandler(capture);
    }
  }
}
