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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * "Nothing lost" (DESIGN §6a) with real processes: every send a client was answered 201 for is in
 * the ledger exactly once, whether the member that made it survives, dies or is stopped. A
 * standalone member with ledger files is killed with {@code kill -9} and started again, or stopped
 * with SIGTERM while its sends are slow; in a three-member cluster writing to PostgreSQL, one
 * member is killed and the survivors adopt its events, or every member in turn is stopped with
 * SIGTERM and started again under load (a rolling restart).
 */
class NothingLostIT {
  private static final String ADMIN = "otpa_crash-test-admin-key-of-32-chars";
  private static final String SECRET = "Y3Jhc2gtdGVzdC1zZWNyZXQtb2YtdGhpcnR5LXR3byE=";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Answers of the load: verification ids answered 201; requests that failed otherwise, and among
   * them those answered 503 because their member was shutting down.
   */
  private record Load(Set<String> accepted, int failed, int shuttingDown) {}

  /**
   * Starts against members round-robin, 24 at a time, {@code pace} apart, until {@code total} were
   * sent and {@code untilDone} holds (two minutes at most); {@code killAfter} answers in, {@code
   * kill} runs. Requests to a dead or stopping member fail; that is expected.
   */
  private static Load load(
      List<String> baseUrls,
      String key,
      int total,
      Duration pace,
      int killAfter,
      Runnable kill,
      BooleanSupplier untilDone)
      throws Exception {
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Semaphore window = new Semaphore(24);
    List<CompletableFuture<?>> all = new ArrayList<>();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger shuttingDown = new AtomicInteger();
    boolean killed = false;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    for (int i = 0; (i < total || !untilDone.getAsBoolean()) && System.nanoTime() < deadline; i++) {
      window.acquire();
      if (!killed && accepted.size() >= killAfter) {
        kill.run();
        killed = true;
      }
      String body = "{\"to\":\"+1212555" + String.format("%04d", i % 10_000) + "\"}";
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
                      failed.incrementAndGet();
                      if (r != null
                          && r.statusCode() == 503
                          && r.body().contains("otp-gateway:shutting_down")) {
                        shuttingDown.incrementAndGet();
                      }
                    }
                    window.release();
                  }));
      if (!pace.isZero()) {
        Thread.sleep(pace.toMillis());
      }
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
      load = load(List.of(base), key, 600, Duration.ZERO, 250, gateway::kill, () -> true);
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

  /**
   * Three members on loopback writing their ledgers to one PostgreSQL database, sending through one
   * simulator process; each member can be started again on its own ports.
   */
  private static final class Cluster implements AutoCloseable {
    final int[] http = {Ports.free(), Ports.free(), Ports.free()};
    final int[] cluster = {Ports.free(), Ports.free(), Ports.free()};
    final List<String> bases = new ArrayList<>();
    final List<GatewayProcess> members = new ArrayList<>();
    private final Map<String, String> shared = new HashMap<>();
    private final GatewayProcess simulator;

    Cluster(Postgres pg) {
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
      simulator = GatewayProcess.start("simulator", simulatorEnv, List.of("simulator"), null);
      for (int i = 0; i < 3; i++) {
        bases.add("http://127.0.0.1:" + http[i]);
      }
      try {
        for (int i = 0; i < 3; i++) {
          members.add(start(i));
        }
      } catch (RuntimeException | Error e) {
        // No try-with-resources holds this cluster yet: stop what did start.
        close();
        throw e;
      }
    }

    private GatewayProcess start(int i) {
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
      return GatewayProcess.start(
          "member-" + i + "-" + System.nanoTime(), env, List.of(), bases.get(i) + "/health/ready");
    }

    /** SIGTERM to member {@code i}, and once it has left, the member started again. */
    void restart(int i) {
      members.get(i).terminate();
      members.set(i, start(i));
    }

    @Override
    public void close() {
      members.forEach(GatewayProcess::close);
      simulator.close();
    }
  }

  /** Waits until every answered send is in the ledger: survivors adopt a lost member's events. */
  private static void awaitSent(Postgres pg, Set<String> accepted) {
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
            return sent.containsAll(accepted) ? true : null;
          });
    }
  }

  /** The ledger is intact and has each answered send exactly once. */
  private static void assertLedger(LedgerStore store, Set<String> accepted) {
    LedgerVerifier.Result verified = LedgerVerifier.verify(store, null);
    assertThat(verified.intact()).as("%s", verified.problem()).isTrue();
    assertExactlyOnce(store, accepted);
  }

  private static void assertLedger(Postgres pg, Set<String> accepted) {
    try (LedgerStore store = new PostgresLedgerStore(pg.url())) {
      assertLedger(store, accepted);
    }
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
  void a_cluster_member_killed_under_load_loses_no_answered_send_and_doubles_none()
      throws Exception {
    try (Postgres pg = Postgres.schema();
        Cluster cluster = new Cluster(pg)) {
      String key = createTenant(cluster.bases.get(0));
      GatewayProcess doomed = cluster.members.get(1);
      Load load = load(cluster.bases, key, 600, Duration.ZERO, 200, doomed::kill, () -> true);
      assertThat(load.accepted()).hasSizeGreaterThan(200);
      // The survivors see the member gone and adopt what it left in the outboxes: every
      // answered send reaches the ledger, however long that takes them (30 s at most).
      awaitSent(pg, load.accepted());
      cluster.members.get(0).terminate();
      cluster.members.get(2).terminate();
      try (LedgerStore store = new PostgresLedgerStore(pg.url())) {
        assertThat(store.writers()).hasSize(3);
      }
      assertLedger(pg, load.accepted());
    }
  }

  @Test
  void a_rolling_restart_under_load_loses_no_answered_send_and_doubles_none() throws Exception {
    try (Postgres pg = Postgres.schema();
        Cluster cluster = new Cluster(pg)) {
      String key = createTenant(cluster.bases.get(0));
      CompletableFuture<Void> rolled = new CompletableFuture<>();
      Runnable rollingRestart =
          () ->
              new Thread(
                      () -> {
                        try {
                          for (int i = 0; i < 3; i++) {
                            cluster.restart(i);
                          }
                          rolled.complete(null);
                        } catch (Throwable e) {
                          rolled.completeExceptionally(e);
                        }
                      },
                      "rolling-restart")
                  .start();
      // About 60 starts a second, for as long as the restart takes.
      Load load =
          load(cluster.bases, key, 300, Duration.ofMillis(16), 100, rollingRestart, rolled::isDone);
      rolled.get(10, TimeUnit.SECONDS);
      assertThat(load.accepted()).hasSizeGreaterThan(300);
      assertThat(load.shuttingDown()).as("starts refused while a member was stopping").isPositive();
      awaitSent(pg, load.accepted());
      cluster.members.forEach(GatewayProcess::terminate);
      assertLedger(pg, load.accepted());
      for (GatewayProcess member : cluster.members) {
        assertThat(member.log()).contains("every start and send in flight finished");
      }
    }
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
      load =
          load(List.of(base), key, 400, Duration.ZERO, 100, gateway::signalTerminate, () -> true);
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
