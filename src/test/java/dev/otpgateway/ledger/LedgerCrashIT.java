package dev.otpgateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.GatewayProcess;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.testing.Postgres;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * "Nothing lost" (DESIGN §6a) with real processes and {@code kill -9}: every send a client was
 * answered 201 for is in the ledger exactly once, whether the member that made it survives or not.
 * A standalone member with ledger files is killed and started again; in a three-member cluster
 * writing to PostgreSQL, one member is killed and the survivors adopt its events.
 */
class LedgerCrashIT {
  private static final String ADMIN = "otpa_crash-test-admin-key-of-32-chars";
  private static final String SECRET = "Y3Jhc2gtdGVzdC1zZWNyZXQtb2YtdGhpcnR5LXR3byE=";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Answers of the load: verification ids answered 201, by the member that answered. */
  private record Load(Set<String> accepted, int failed) {}

  /**
   * Starts against members round-robin, 24 at a time, until {@code total} were sent; {@code
   * killAfter} answers in, {@code kill} runs. Requests to a dead member fail; that is expected.
   */
  private static Load load(
      List<String> baseUrls, String key, int total, int killAfter, Runnable kill) throws Exception {
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Semaphore window = new Semaphore(24);
    List<CompletableFuture<?>> all = new ArrayList<>();
    int[] failed = {0};
    boolean killed = false;
    for (int i = 0; i < total; i++) {
      window.acquire();
      if (!killed && accepted.size() >= killAfter) {
        kill.run();
        killed = true;
      }
      String body = "{\"to\":\"+1212555" + String.format("%04d", i) + "\"}";
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(baseUrls.get(i % baseUrls.size()) + "/v1/verifications"))
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      all.add(
          HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (r, e) -> {
                    if (r != null && r.statusCode() == 201) {
                      accepted.add(new JsonObject(r.body()).getString("id"));
                    } else {
                      synchronized (failed) {
                        failed[0]++;
                      }
                    }
                    window.release();
                  }));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture[0]))
        .exceptionally(e -> null)
        .get(60, TimeUnit.SECONDS);
    return new Load(accepted, failed[0]);
  }

  private static String createTenant(String baseUrl) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/v1/admin/tenants"))
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"crash\",\"limits\":{\"requests_per_second\":100000},"
                            // The load walks one range, as a bot would; the guard has its own
                            // tests.
                            + "\"fraud\":{\"mode\":\"off\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("api_key");
  }

  /** Every sent entry's verification, and every event id, counted. */
  private static void assertExactlyOnce(LedgerStore store, Set<String> accepted) {
    Map<String, Integer> sentPer = new HashMap<>();
    Set<String> seen = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    for (String writer : store.writers()) {
      store.scan(
          writer,
          s -> {
            LedgerEntry e = EntryFormat.read(writer, s.text());
            if (e.eventId() != null && !seen.add(e.eventId())) {
              duplicates.add(e.eventId());
            }
            if ("sent".equals(e.kind())) {
              sentPer.merge((String) e.body().get("verification"), 1, Integer::sum);
            }
            return true;
          });
    }
    assertThat(duplicates).as("event ids recorded twice").isEmpty();
    List<String> missing = new ArrayList<>();
    List<String> twice = new ArrayList<>();
    for (String id : accepted) {
      int n = sentPer.getOrDefault(id, 0);
      if (n == 0) {
        missing.add(id);
      } else if (n > 1) {
        twice.add(id);
      }
    }
    assertThat(missing).as("answered 201 but no sent entry").isEmpty();
    assertThat(twice).as("answered 201 and sent more than once").isEmpty();
  }

  @Test
  void a_standalone_member_killed_under_load_loses_no_answered_send() throws Exception {
    Path data = TestGateway.tempDir();
    int port = Ports.free();
    Map<String, String> env =
        Map.of(
            "OTPGW_HTTP_PORT",
            Integer.toString(port),
            "OTPGW_SIMULATOR_PORT",
            "0",
            "OTPGW_CLUSTER_PORT",
            Integer.toString(Ports.free()),
            "OTPGW_ADMIN_KEY",
            ADMIN,
            "OTPGW_DATA_DIR",
            data.toString(),
            "OTPGW_DEMO_TENANT",
            "false");
    String base = "http://127.0.0.1:" + port;
    Load load;
    try (GatewayProcess gateway =
        GatewayProcess.start("standalone", env, List.of(), base + "/health/ready")) {
      String key = createTenant(base);
      load = load(List.of(base), key, 600, 250, gateway::kill);
    }
    assertThat(load.accepted()).hasSizeGreaterThan(200);
    assertThat(load.failed()).as("requests cut off by the kill").isPositive();

    // Started again on the same data, it cuts the torn write off; stopped, it signs what it has.
    try (GatewayProcess again =
        GatewayProcess.start("standalone-again", env, List.of(), base + "/health/ready")) {
      again.terminate();
    }
    try (LedgerStore store = new FileLedgerStore(data.resolve("ledger"))) {
      LedgerVerifier.Result verified = LedgerVerifier.verify(store, null);
      assertThat(verified.intact()).as("%s", verified.problem()).isTrue();
      assertExactlyOnce(store, load.accepted());
    }
  }

  @Test
  void a_cluster_member_killed_under_load_loses_no_answered_send_and_doubles_none()
      throws Exception {
    try (Postgres pg = Postgres.schema()) {
      int[] http = {Ports.free(), Ports.free(), Ports.free()};
      int[] cluster = {Ports.free(), Ports.free(), Ports.free()};
      Map<String, String> shared = new HashMap<>();
      shared.put("OTPGW_SIMULATOR", "false");
      shared.put("OTPGW_ADMIN_KEY", ADMIN);
      shared.put("OTPGW_OTP_SECRET", SECRET);
      shared.put("OTPGW_DEMO_TENANT", "false");
      shared.put("OTPGW_LEDGER_POSTGRES_URL", pg.url());
      shared.put("OTPGW_PUBLIC_BASE_URL", "http://127.0.0.1:" + http[0]);
      shared.put("OTPGW_PROVIDERS_TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000009");
      shared.put("OTPGW_PROVIDERS_TWILIO_AUTH_TOKEN", "crash-twilio-token");
      shared.put("OTPGW_PROVIDERS_SINCH_SERVICE_PLAN_ID", "crashplan");
      shared.put("OTPGW_PROVIDERS_SINCH_API_TOKEN", "crash-sinch-token");
      shared.put("OTPGW_PROVIDERS_SINCH_WEBHOOK_SECRET", "crash-sinch-secret");
      shared.put("OTPGW_PROVIDERS_MESSAGEBIRD_ACCESS_KEY", "crash-mb-key");
      shared.put("OTPGW_PROVIDERS_MESSAGEBIRD_SIGNING_KEY", "crash-mb-signing");
      shared.put("OTPGW_PROVIDERS_RBM_AGENT_ID", "crash-agent");
      shared.put("OTPGW_PROVIDERS_RBM_ACCESS_TOKEN", "crash-rbm-token");
      shared.put("OTPGW_PROVIDERS_RBM_WEBHOOK_TOKEN", "crash-rbm-webhook");
      int simulatorPort = Ports.free();
      Map<String, String> simulatorEnv = new HashMap<>(shared);
      simulatorEnv.put("OTPGW_SIMULATOR_PORT", Integer.toString(simulatorPort));
      for (String p : List.of("twilio", "sinch", "messagebird", "rbm")) {
        shared.put(
            "OTPGW_PROVIDERS_" + p.toUpperCase() + "_BASE_URL",
            "http://127.0.0.1:" + simulatorPort + "/" + p);
      }
      IntFunction<Map<String, String>> member =
          i -> {
            Map<String, String> env = new HashMap<>(shared);
            env.put("OTPGW_HTTP_PORT", Integer.toString(http[i]));
            env.put("OTPGW_CLUSTER_PORT", Integer.toString(cluster[i]));
            env.put("OTPGW_DATA_DIR", TestGateway.tempDir().toString());
            List<String> others = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
              if (j != i) {
                others.add("127.0.0.1:" + cluster[j]);
              }
            }
            env.put("OTPGW_CLUSTER_MEMBERS", String.join(",", others));
            return env;
          };
      List<GatewayProcess> members = new ArrayList<>();
      try (GatewayProcess simulator =
          GatewayProcess.start("simulator", simulatorEnv, List.of("simulator"), null)) {
        for (int i = 0; i < 3; i++) {
          members.add(
              GatewayProcess.start(
                  "member-" + i,
                  member.apply(i),
                  List.of(),
                  "http://127.0.0.1:" + http[i] + "/health/ready"));
        }
        List<String> bases = new ArrayList<>();
        for (int port : http) {
          bases.add("http://127.0.0.1:" + port);
        }
        String key = createTenant(bases.get(0));
        GatewayProcess doomed = members.get(1);
        Load load = load(bases, key, 600, 200, doomed::kill);
        assertThat(load.accepted()).hasSizeGreaterThan(200);
        // The survivors see the member gone and adopt what it left in the outboxes: every
        // answered send reaches the ledger, however long that takes them (30 s at most).
        try (LedgerStore store = new PostgresLedgerStore(pg.url())) {
          dev.otpgateway.testing.Await.until(
              "every answered send in the ledger",
              Duration.ofSeconds(30),
              () -> {
                Set<String> sent = new HashSet<>();
                for (String writer : store.writers()) {
                  store.scan(
                      writer,
                      s -> {
                        if (s.text().contains("\"event\":\"sent\"")) {
                          sent.add((String) EntryFormat.parse(s.text()).get("verification"));
                        }
                        return true;
                      });
                }
                return sent.containsAll(load.accepted()) ? true : null;
              });
        }
        members.get(0).terminate();
        members.get(2).terminate();
        try (LedgerStore store = new PostgresLedgerStore(pg.url())) {
          LedgerVerifier.Result verified = LedgerVerifier.verify(store, null);
          assertThat(verified.intact()).as("%s", verified.problem()).isTrue();
          assertThat(store.writers()).hasSize(3);
          assertExactlyOnce(store, load.accepted());
        }
      } finally {
        members.forEach(GatewayProcess::close);
      }
    }
  }
}
