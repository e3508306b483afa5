package dev.otpgateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.app.ConfigLoader;
import dev.otpgateway.app.Gateway;
import dev.otpgateway.app.GatewayConfig;
import dev.otpgateway.app.LoggingSetup;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The real gateway, started in this JVM on free loopback ports with the built-in simulator, as
 * {@code java -jar} would start it. Event loops that block longer than 300 ms are logged by Vert.x;
 * this watches for those warnings and fails the test that caused one.
 */
public final class TestGateway implements AutoCloseable {
  public static final String ADMIN_KEY = "otpa_test-admin-key";
  private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();
  // Held strongly: java.util.logging forgets handlers of loggers nothing references.
  private static final Logger BLOCKED_THREAD_LOGGER =
      Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");

  static {
    // As Main does first thing: the JVM's own logging set-up runs before test classes load.
    LoggingSetup.configure();
    BLOCKED_THREAD_LOGGER.addHandler(new BlockedThreadWatch());
  }

  public final Gateway gateway;
  public final ApiClient api;
  public final MutableClock clock;
  public final Map<String, String> env;
  public final String console;

  private TestGateway(
      Gateway gateway, MutableClock clock, Map<String, String> env, String console) {
    this.gateway = gateway;
    this.api = new ApiClient(gateway.baseUrl());
    this.clock = clock;
    this.env = env;
    this.console = console;
  }

  /** A standalone gateway with the shipped rules; {@code overrides} are OTPGW_* variables. */
  public static TestGateway start(Map<String, String> overrides) {
    return start(overrides, MutableClock.now());
  }

  public static TestGateway start(Map<String, String> overrides, MutableClock clock) {
    return startWith(env(overrides), clock);
  }

  /** The variables {@link #start} runs a gateway with: free ports, a fresh data directory. */
  public static Map<String, String> env(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("OTPGW_HTTP_PORT", Integer.toString(Ports.free()));
    env.put("OTPGW_SIMULATOR_PORT", "0");
    env.put("OTPGW_CLUSTER_PORT", Integer.toString(Ports.free()));
    env.put("OTPGW_ADMIN_KEY", ADMIN_KEY);
    env.put("OTPGW_DATA_DIR", tempDir().toString());
    env.put("OTPGW_RULES_DIR", "routing-rules");
    env.put("OTPGW_DEMO_TENANT", "false");
    // Routing explores a small random share of decisions (Thompson draws): tests that expect the
    // top-ranked provider would pass or fail by chance. A test of exploration sets it back.
    env.put("OTPGW_ROUTING_EXPLORATION_PERCENT", "0");
    env.putAll(overrides);
    return env;
  }

  /** Starts with exactly these variables (a restart reuses the same data directory). */
  public static TestGateway startWith(Map<String, String> env, MutableClock clock) {
    GatewayConfig config = ConfigLoader.load(env);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    VertxOptions options =
        Gateway.defaultVertxOptions()
            .setMaxEventLoopExecuteTime(300)
            .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
            .setBlockedThreadCheckInterval(50)
            .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
            // A stack with every warning, so the test names the code that blocked.
            .setWarningExceptionTime(50)
            .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
    Gateway gateway =
        Await.result(
            Gateway.start(
                config, clock, options, new PrintStream(console, true, StandardCharsets.UTF_8)),
            Duration.ofSeconds(60));
    // Vert.x's own clustered start-up initialises Netty classes on an event loop: a stall we don't
    // own. A warning raised while starting counts only when our code is on its stack.
    BLOCKED.removeIf(warning -> !warning.contains("dev.otpgateway"));
    return new TestGateway(
        gateway, clock, Map.copyOf(env), console.toString(StandardCharsets.UTF_8));
  }

  public static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("otpgw-test");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a tenant through the admin API and returns its key. */
  public String createTenant(String json) {
    ApiResponse r = api.post("/v1/admin/tenants", ADMIN_KEY, json);
    assertThat(r.status()).as("create tenant: %s", r).isEqualTo(201);
    return r.json().getString("api_key");
  }

  /**
   * A tenant allowed everywhere with generous limits: for tests about something else. Such tests
   * start codes to the fictional range +1 202 555 01xx one number after another without entering
   * them, just as a bot walks a range, so that range is on its fraud safe list (the guard has tests
   * of its own).
   */
  public String createTenant(String id, int perDestinationPerHour) {
    return createTenant(
        "{\"id\":\""
            + id
            + "\",\"name\":\"Acme\",\"limits\":{\"per_destination_per_hour\":"
            + perDestinationPerHour
            + ",\"requests_per_second\":1000},"
            + FICTIONAL_RANGE_SAFE
            + "}");
  }

  /** A tenant's {@code fraud} member that safe-lists the fictional range +1 202 555 01xx. */
  public static final String FICTIONAL_RANGE_SAFE = "\"fraud\":{\"safe_list\":[\"+120255501\"]}";

  /** Starts a verification to {@code to}, which must be created (201); answers its JSON. */
  public JsonObject startVerification(String key, String to) {
    ApiResponse r = api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
    assertThat(r.status()).as("start to %s: %s", to, r).isEqualTo(201);
    return r.json();
  }

  /** Reads the verification until it shows {@code status}; answers that read. */
  public JsonObject awaitStatus(String key, String id, String status) {
    return Await.until(
        id + " " + status,
        Duration.ofSeconds(10),
        () -> {
          JsonObject v = api.get("/v1/verifications/" + id, key).json();
          return status.equals(v.getString("status")) ? v : null;
        });
  }

  /** The ledger's entries of one event for a tenant, as this gateway's ledger files keep them. */
  public List<JsonObject> ledgerEntries(String tenant, String event) {
    Path dir = Path.of(env.get("OTPGW_DATA_DIR")).resolve("ledger");
    List<JsonObject> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.startsWith("{\"hash\"")) {
            JsonObject entry = new JsonObject(line);
            if (event.equals(entry.getString("event"))
                && tenant.equals(entry.getString("tenant"))) {
              found.add(entry);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** The newest message a simulated handset received, waiting briefly for it. */
  public JsonObject newestMessage(String number) {
    return Await.until(
        "a message to " + number,
        Duration.ofSeconds(10),
        () -> {
          var inbox = inbox(number);
          return inbox.isEmpty() ? null : inbox.getJsonObject(0);
        });
  }

  public io.vertx.core.json.JsonArray inbox(String number) {
    ApiResponse r = api.get("/simulator/messages?to=" + number.replace("+", "%2B"), null);
    assertThat(r.status()).isEqualTo(200);
    return r.json().getJsonArray("messages");
  }

  /** The code in a message body (the first run of digits of the configured length). */
  public static String codeIn(String body, int length) {
    var m =
        java.util.regex.Pattern.compile("(?<![0-9])[0-9]{" + length + "}(?![0-9])").matcher(body);
    assertThat(m.find()).as("a %d-digit code in %s", length, body).isTrue();
    return m.group();
  }

  /** Sets how a simulated provider behaves. */
  public void fault(String provider, String json) {
    ApiResponse r = api.post("/simulator/providers/" + provider, null, json);
    assertThat(r.status()).as("fault %s: %s", provider, r).isEqualTo(200);
  }

  public void heal(String provider) {
    assertThat(api.delete("/simulator/providers/" + provider, null).status()).isEqualTo(204);
  }

  /** A metric's value from /metrics, or null when it has no such series. */
  public Double metric(String series) {
    String text = api.raw().get("/metrics", null).body();
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return null;
  }

  public Clock clock() {
    return clock;
  }

  /** Fails when any event loop was blocked since the last call. */
  public static void assertNoBlockedThreads() {
    List<String> seen = List.copyOf(BLOCKED);
    BLOCKED.clear();
    assertThat(seen).as("Vert.x blocked-thread warnings").isEmpty();
  }

  @Override
  public void close() {
    Await.result(gateway.stop(), Duration.ofSeconds(30));
    assertNoBlockedThreads();
  }

  private static final class BlockedThreadWatch extends Handler {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        StringBuilder where = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getThrown() != null) {
          StackTraceElement[] stack = record.getThrown().getStackTrace();
          for (int i = 0; i < stack.length; i++) {
            if (i < 12 || stack[i].getClassName().startsWith("dev.otpgateway")) {
              where.append("\n    at ").append(stack[i]);
            }
          }
        }
        BLOCKED.add(where.toString());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
