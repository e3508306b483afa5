package dev.otpgateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.GatewayProcess;
import dev.otpgateway.testing.Ports;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * "Nothing lost" (DESIGN §6a) with a real standalone process: every send a client was answered 201
 * for is in the ledger files exactly once, whether the member is killed with {@code kill -9} and
 * started again, or stopped with SIGTERM while its sends are slow. A cluster's member loss, rolling
 * restart and partition are the fault harness's ({@code faults.FaultHarnessIT}), whose checker
 * holds the ledger to the same.
 */
class NothingLostIT {
  private static final String ADMIN = "otpa_crash-test-admin-key-of-32-chars";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Answers of the load: verification ids answered 201; requests that failed otherwise, and among
   * them those answered 503 because their member was shutting down.
   */
  private record Load(Set<String> accepted, int failed, int shuttingDown) {}

  /**
   * Sends {@code total} starts, 24 at a time (two minutes at most); {@code killAfter} answers in,
   * {@code kill} runs. Requests to a dead or stopping member fail; that is expected.
   */
  private static Load load(String baseUrl, String key, int total, int killAfter, Runnable kill)
      throws Exception {
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Semaphore window = new Semaphore(24);
    List<CompletableFuture<?>> all = new ArrayList<>();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger shuttingDown = new AtomicInteger();
    boolean killed = false;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    for (int i = 0; i < total && System.nanoTime() < deadline; i++) {
      window.acquire();
      if (!killed && accepted.size() >= killAfter) {
        kill.run();
        killed = true;
      }
      String body = "{\"to\":\"+1212555" + String.format("%04d", i % 10_000) + "\"}";
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + "/v1/verifications"))
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
                      failed.incrementAndGet();
                      if (r != null
                          && r.statusCode() == 503
                          && r.body().contains("otp-gateway:shutting_down")) {
                        shuttingDown.incrementAndGet();
                      }
                    }
                    window.release();
                  }));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture[0]))
        .exceptionally(e -> null)
        .get(60, TimeUnit.SECONDS);
    return new Load(accepted, failed.get(), shuttingDown.get());
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

  /**
   * Every event id is recorded once, every answered start has a sent message, and no message (a
   * verification's attempt) is recorded as sent twice. A verification may send more than one
   * message: a failover when no receipt came in time is a new attempt, and a new message.
   */
  private static void assertExactlyOnce(LedgerStore store, Set<String> accepted) {
    Map<String, List<Object>> attemptsSent = new HashMap<>();
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
              attemptsSent
                  .computeIfAbsent((String) e.body().get("verification"), v -> new ArrayList<>())
                  .add(e.body().get("attempt"));
            }
            return true;
          });
    }
    assertThat(duplicates).as("event ids recorded twice").isEmpty();
    List<String> missing = new ArrayList<>();
    List<String> twice = new ArrayList<>();
    for (String id : accepted) {
      List<Object> attempts = attemptsSent.getOrDefault(id, List.of());
      if (attempts.isEmpty()) {
        missing.add(id);
      } else if (new HashSet<>(attempts).size() < attempts.size()) {
        twice.add(id + " attempts " + attempts);
      }
    }
    assertThat(missing).as("answered 201 but no sent entry").isEmpty();
    assertThat(twice).as("one message recorded as sent twice").isEmpty();
  }

  @Test
  void a_standalone_member_killed_under_load_loses_no_answered_send() throws Exception {
    Path data = TestGateway.tempDir();
    int port = Ports.free();
    Map<String, String> env = standalone(data, port);
    String base = "http://127.0.0.1:" + port;
    Load load;
    try (GatewayProcess gateway =
        GatewayProcess.start("standalone", env, List.of(), base + "/health/ready")) {
      String key = createTenant(base);
      load = load(base, key, 600, 250, gateway::kill);
    }
    assertThat(load.accepted()).hasSizeGreaterThan(200);
    assertThat(load.failed()).as("requests cut off by the kill").isPositive();

    // Started again on the same data, it cuts the torn write off; stopped, it signs what it has.
    try (GatewayProcess again =
        GatewayProcess.start("standalone-again", env, List.of(), base + "/health/ready")) {
      again.terminate();
    }
    try (LedgerStore store = new FileLedgerStore(data.resolve("ledger"))) {
      assertLedger(store, load.accepted());
    }
  }

  /** The ledger is intact and has each answered send exactly once. */
  private static void assertLedger(LedgerStore store, Set<String> accepted) {
    LedgerVerifier.Result verified = LedgerVerifier.verify(store, null);
    assertThat(verified.intact()).as("%s", verified.problem()).isTrue();
    assertExactlyOnce(store, accepted);
  }

  /** A standalone member with the built-in simulator, its ledger files in {@code data}. */
  private static Map<String, String> standalone(Path data, int port) {
    return Map.of(
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
  }

  @Test
  void a_standalone_member_stopped_with_sigterm_finishes_the_sends_it_took() throws Exception {
    Path data = TestGateway.tempDir();
    int port = Ports.free();
    Map<String, String> env = standalone(data, port);
    String base = "http://127.0.0.1:" + port;
    Load load;
    try (GatewayProcess gateway =
        GatewayProcess.start("standalone-sigterm", env, List.of(), base + "/health/ready")) {
      String key = createTenant(base);
      // Every provider answers after 400 ms, so sends are in flight when the signal comes.
      for (String provider : List.of("twilio", "sinch", "messagebird", "rbm")) {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/simulator/providers/" + provider))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"latency_ms\": 400}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      }
      load = load(base, key, 400, 100, gateway::signalTerminate);
      assertThat(gateway.exitCode()).as("exit on SIGTERM").isEqualTo(143);
      assertThat(gateway.log()).contains("every start and send in flight finished");
    }
    assertThat(load.accepted()).hasSizeGreaterThanOrEqualTo(100);
    assertThat(load.shuttingDown()).as("starts refused while it was stopping").isPositive();
    try (LedgerStore store = new FileLedgerStore(data.resolve("ledger"))) {
      assertLedger(store, load.accepted());
    }
  }
}
