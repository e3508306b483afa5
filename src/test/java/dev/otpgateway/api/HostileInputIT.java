package dev.otpgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.api.HostileRequests.Case;
import dev.otpgateway.testing.ApiClient;
import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.LogCapture;
import dev.otpgateway.testing.RawHttp;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests an attacker would send, against every route: broken framing, bad encodings, wrong types,
 * oversized values, foreign and malformed identifiers, missing and forged credentials, injection
 * payloads, odd numbers, and Unicode that would show a handset something else. Each one must get
 * the precise 4xx it deserves (problem+json, naming the offending field where there is one), change
 * nothing (tenants, a live verification, the rules, the simulator's settings), put no message on
 * any handset, and cost the log at most one quiet line: no warning, no stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {
  private static final String ADMIN = TestGateway.ADMIN_KEY;

  /** The numbers the cases aim at: none may ever receive anything. */
  private static final List<String> TARGETS = List.of("+12025550170", "+12025550171");

  /** The live verification the cases try to read, check, cancel and forge receipts for. */
  private static final String WITNESS_NUMBER = "+12025550179";

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final LogCapture logs = new LogCapture();
  private TestGateway gw;
  private RawHttp raw;
  private ApiClient api;
  private String tenantKey;
  private String otherKey;
  private String witness;
  private String baseline;
  private List<Case> cases;
  private int startupRecords;

  @BeforeAll
  void start() {
    logs.start();
    gw = TestGateway.start(Map.of());
    startupRecords = logs.records().size();
    api = gw.api.raw();
    raw = new RawHttp(URI.create(gw.gateway.baseUrl()).getPort());
    tenantKey = gw.createTenant("victim", 3);
    otherKey = gw.createTenant("intruder", 3);
    gw.createTenant(
        "{\"id\":\"hooked\",\"status_callback_url\":\"https://hooks.example.com/otp\"}");
    witness =
        api.post("/v1/verifications", tenantKey, "{\"to\":\"" + WITNESS_NUMBER + "\"}")
            .json()
            .getString("id");
    gw.awaitStatus(tenantKey, witness, "delivered");
    baseline = snapshot();
    cases = HostileRequests.all();
  }

  @AfterAll
  void stop() {
    gw.close();
    logs.stop();
  }

  @Test
  void the_suite_covers_every_route_and_kind_of_attack() {
    assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
    assertThat(cases.stream().map(Case::group).distinct())
        .containsExactlyInAnyOrder(
            "framing",
            "encoding",
            "types",
            "limits",
            "identifiers",
            "authentication",
            "injection",
            "numbers",
            "unicode");
    List<String> routes =
        List.of(
            "/v1/verifications",
            "/v1/verifications/{V}",
            "/v1/verifications/{V}/check",
            "/v1/verifications/{V}/cancel",
            "/v1/routes/preview",
            "/v1/rules",
            "/v1/rules/validate",
            "/v1/admin/rules/reload",
            "/v1/admin/tenants",
            "/v1/admin/tenants/victim",
            "/v1/admin/tenants/victim/rotate-key",
            "/v1/admin/tenants/hooked/rotate-callback-secret",
            "/webhooks/twilio",
            "/webhooks/sinch",
            "/webhooks/messagebird",
            "/webhooks/rbm",
            "/simulator/messages",
            "/simulator/providers/twilio",
            "/metrics",
            "/health/live",
            "/health/ready",
            "/openapi.json");
    for (String route : routes) {
      assertThat(cases)
          .as("a hostile case for %s", route)
          .anyMatch(c -> route.equals(pathOnly(c.path())) || rawTargets(c, route));
    }
  }

  @Test
  void the_short_admin_key_of_the_test_set_up_is_warned_about_without_showing_it() {
    List<LogRecord> warnings =
        logs.records().subList(0, startupRecords).stream()
            .filter(r -> r.getLevel() == Level.WARNING)
            .filter(r -> String.valueOf(r.getMessage()).contains("admin key"))
            .toList();

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getMessage())
        .contains(ADMIN.length() + " characters")
        .contains("at least 32")
        .doesNotContain(ADMIN);
  }

  @TestFactory
  Stream<DynamicContainer> every_hostile_request_is_refused_precisely_and_changes_nothing() {
    Map<String, List<DynamicTest>> byGroup = new LinkedHashMap<>();
    for (Case c : cases) {
      byGroup
          .computeIfAbsent(c.group(), g -> new ArrayList<>())
          .add(DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }
    return byGroup.entrySet().stream()
        .map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue()));
  }

  private void run(Case c) {
    int logged = logs.records().size();
    Answer answer = c.raw() != null ? sendRaw(c) : sendHttp(c);

    assertThat(answer.status()).as("%s: %s", c.name(), answer).isEqualTo(c.status());
    if (c.status() != 0) {
      assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
      JsonObject problem = new JsonObject(answer.body());
      assertThat(problem.getInteger("status")).isEqualTo(c.status());
      assertThat(problem.getString("type")).startsWith("urn:problem-type:otp-gateway:");
      assertThat(problem.getString("title")).isNotBlank();
      assertThat(problem.getString("detail")).isNotBlank().doesNotContain("Exception");
      if (c.field() != null) {
        assertThat(problem.getJsonObject("errors"))
            .as("errors naming %s in %s", c.field(), answer.body())
            .isNotNull();
        assertThat(problem.getJsonObject("errors").fieldNames()).contains(c.field());
      }
      if (c.status() == 405) {
        assertThat(answer.allow()).as("Allow on a 405").isNotBlank();
      }
    }
    assertThat(snapshot()).as("state after %s", c.name()).isEqualTo(baseline);
    for (String number : TARGETS) {
      assertThat(gw.inbox(number)).as("messages to %s", number).isEmpty();
    }
    List<LogRecord> records = logs.records();
    List<LogRecord> fresh = records.subList(Math.min(logged, records.size()), records.size());
    assertThat(fresh)
        .as("log lines of %s", c.name())
        .noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .noneMatch(r -> r.getThrown() != null);
    assertThat(fresh.stream().filter(r -> r.getLoggerName().endsWith(".ProblemHandler")))
        .hasSizeLessThanOrEqualTo(1);
  }

  // ---- sending ----

  private record Answer(int status, String contentType, String allow, String body) {}

  private String fill(String text) {
    return text.replace("{tenant_short}", tenantKey.substring(0, tenantKey.length() - 2))
        .replace("{tenant}", tenantKey)
        .replace("{admin}", ADMIN)
        .replace("{V_UPPER}", witness.toUpperCase(java.util.Locale.ROOT))
        .replace("{V}", witness);
  }

  private Answer sendRaw(Case c) {
    String request = fill(c.raw());
    if (c.status() == 0) {
      raw.hangUpAfter(request);
      return new Answer(0, null, null, "");
    }
    RawHttp.Response r = raw.exchange(request.getBytes(StandardCharsets.UTF_8));
    return new Answer(r.status(), r.header("content-type"), r.header("allow"), r.body());
  }

  private Answer sendHttp(Case c) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(gw.gateway.baseUrl() + fill(c.path())))
            .timeout(Duration.ofSeconds(20))
            .method(
                c.method(),
                c.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(fillBytes(c.body())));
    boolean typed = c.headers().containsKey("Content-Type");
    if (c.body() != null && !typed) {
      request.header("Content-Type", "application/json");
    }
    switch (c.key()) {
      case TENANT -> request.header("Authorization", "Bearer " + tenantKey);
      case OTHER_TENANT -> request.header("Authorization", "Bearer " + otherKey);
      case ADMIN -> request.header("Authorization", "Bearer " + ADMIN);
      case NONE -> {}
    }
    c.headers()
        .forEach(
            (name, value) -> {
              if (!(name.equals("Content-Type") && value.isEmpty())) {
                request.header(name, fill(value));
              }
            });
    try {
      HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          r.statusCode(),
          r.headers().firstValue("content-type").orElse(null),
          r.headers().firstValue("allow").orElse(null),
          r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private byte[] fillBytes(byte[] body) {
    String asText = new String(body, StandardCharsets.ISO_8859_1);
    if (!asText.contains("{V}") && !asText.contains("{tenant}")) {
      return body;
    }
    return fill(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
  }

  /** What must not change: tenants, the live verification, the rules, the simulator's settings. */
  private String snapshot() {
    StringBuilder state = new StringBuilder();
    state.append(api.get("/v1/admin/tenants", ADMIN).body()).append('\n');
    ApiResponse v = api.get("/v1/verifications/" + witness, tenantKey);
    state.append(v.status()).append(' ').append(v.body()).append('\n');
    state.append(api.get("/v1/rules", ADMIN).json().getString("version")).append('\n');
    for (String provider : List.of("twilio", "sinch", "messagebird", "rbm")) {
      state.append(api.get("/simulator/providers/" + provider, null).body()).append('\n');
    }
    state.append(gw.inbox(WITNESS_NUMBER).size());
    return state.toString();
  }

  private static String pathOnly(String path) {
    if (path == null) {
      return null;
    }
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private static boolean rawTargets(Case c, String route) {
    return c.raw() != null && c.raw().contains(" " + route + " HTTP/1.1");
  }
}
