package dev.otpgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Routing over HTTP: previews that explain the decision and send nothing, compliance refusals on
 * start, RCS for capable handsets, the rules endpoints, and rules that reload without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingIT {
  private static final Path SHIPPED = Path.of("routing-rules");
  private static final String GERMAN_MOBILE = "+4915123456789";
  private static final AtomicInteger TENANTS = new AtomicInteger();

  private TestGateway gw;

  @BeforeAll
  void start() {
    gw = TestGateway.start(Map.of());
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @AfterEach
  void eventLoopsNeverBlocked() {
    TestGateway.assertNoBlockedThreads();
  }

  private String tenant() {
    return gw.createTenant("r" + TENANTS.incrementAndGet(), 3);
  }

  private ApiResponse preview(String key, String body) {
    return gw.api.post("/v1/routes/preview", key, body);
  }

  private String rulesVersion() {
    return gw.api.get("/v1/rules", TestGateway.ADMIN_KEY).json().getString("version");
  }

  @Test
  void a_us_preview_orders_candidates_by_score_and_explains_every_exclusion() {
    String key = tenant();

    ApiResponse r = preview(key, "{\"to\":\"+12025550140\"}");

    assertThat(r.status()).isEqualTo(200);
    JsonObject d = r.json();
    assertThat(d.getString("region")).isEqualTo("us");
    assertThat(d.getString("rules_version"))
        .matches("sha256:[0-9a-f]{64}")
        .isEqualTo(rulesVersion());
    assertThat(d.getString("reason")).isNotBlank();
    assertThat(d.containsKey("refusal")).isFalse();
    List<JsonObject> candidates = objects(d.getJsonArray("candidates"));
    assertThat(candidates)
        .extracting(c -> c.getString("provider"))
        .containsExactlyInAnyOrder("twilio", "sinch", "messagebird");
    double previous = -1;
    for (JsonObject c : candidates) {
      assertThat(c.getString("channel")).isEqualTo("sms");
      JsonObject s = c.getJsonObject("score");
      assertThat(s.fieldNames()).contains("cost", "latency", "carbon", "quality", "total");
      double parts =
          s.getDouble("cost")
              + s.getDouble("latency")
              + s.getDouble("carbon")
              + s.getDouble("quality");
      assertThat(s.getDouble("total")).isCloseTo(parts, within(1e-9));
      assertThat(s.getDouble("total")).as("ordered by score").isGreaterThanOrEqualTo(previous);
      previous = s.getDouble("total");
    }
    JsonObject twilio = byProvider(candidates, "twilio");
    assertThat(twilio.getString("unit_price_usd")).isEqualTo("0.0075");
    assertThat(twilio.getString("sender_id")).isEqualTo("+12025550181");
    assertThat(d.getString("reason")).startsWith(candidates.get(0).getString("provider") + ":");
    JsonObject rbm = byProvider(objects(d.getJsonArray("exclusions")), "rbm");
    assertThat(rbm.getString("channel")).isEqualTo("rcs");
    assertThat(rbm.getString("reason")).isEqualTo("not_rcs_capable");
    assertThat(rbm.getString("detail")).isNotBlank();
  }

  @Test
  void an_eu_preview_refuses_high_risk_sms_and_a_start_without_consent() {
    String key = tenant();

    JsonObject highRisk =
        preview(key, "{\"to\":\"" + GERMAN_MOBILE + "\",\"risk\":\"high\",\"consent\":true}")
            .json();
    JsonObject noConsent = preview(key, "{\"to\":\"" + GERMAN_MOBILE + "\"}").json();
    JsonObject fine = preview(key, "{\"to\":\"" + GERMAN_MOBILE + "\",\"consent\":true}").json();

    assertThat(highRisk.getString("region")).isEqualTo("eu");
    assertThat(highRisk.getJsonObject("refusal").getString("code"))
        .isEqualTo("sms_not_permitted_for_risk");
    assertThat(highRisk.getJsonArray("candidates")).isEmpty();
    assertThat(objects(highRisk.getJsonArray("exclusions")))
        .extracting(e -> e.getString("reason"))
        .contains("sms_not_permitted_for_risk");
    assertThat(noConsent.getJsonObject("refusal").getString("code")).isEqualTo("consent_required");
    assertThat(noConsent.getJsonArray("candidates")).isEmpty();
    assertThat(fine.containsKey("refusal")).isFalse();
    assertThat(objects(fine.getJsonArray("candidates")))
        .extracting(c -> c.getString("provider"))
        .containsExactlyInAnyOrder("twilio", "sinch", "messagebird");
  }

  @Test
  void a_preview_sends_nothing_and_counts_nothing_toward_starts_but_is_rate_limited() {
    String id = "preview-only";
    String key =
        gw.createTenant(
            "{\"id\":\""
                + id
                + "\",\"limits\":{\"per_destination_per_hour\":1,\"requests_per_second\":1}}");

    ApiResponse first = preview(key, "{\"to\":\"+12025550141\"}");
    ApiResponse second = gw.api.get("/v1/rules", key);

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status())
        .as("previews and rules reads share the tenant's requests_per_second")
        .isEqualTo(429);
    assertThat(second.header("Retry-After")).isNotNull();
    assertThat(second.json().getString("type")).endsWith(":tenant_rate_limited");
    assertThat(gw.inbox("+12025550141")).isEmpty();
    assertThat(gw.api.raw().get("/metrics", null).body()).doesNotContain("tenant=\"" + id + "\"");
    ApiResponse started = gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550141\"}");
    assertThat(started.status())
        .as("previews used neither the per-second nor the per-number allowance")
        .isEqualTo(201);
  }

  @Test
  void compliance_refusals_on_start_are_422_and_an_eu_start_with_consent_goes_out() {
    String key = tenant();

    ApiResponse highRisk =
        gw.api.post(
            "/v1/verifications",
            key,
            "{\"to\":\"" + GERMAN_MOBILE + "\",\"risk\":\"high\",\"consent\":true}");
    ApiResponse noConsent =
        gw.api.post("/v1/verifications", key, "{\"to\":\"" + GERMAN_MOBILE + "\"}");

    assertThat(highRisk.status()).isEqualTo(422);
    assertThat(highRisk.contentType()).startsWith("application/problem+json");
    assertThat(highRisk.json().getString("type")).endsWith(":sms_not_permitted_for_risk");
    assertThat(highRisk.json().getString("region")).isEqualTo("eu");
    assertThat(noConsent.status()).isEqualTo(422);
    assertThat(noConsent.json().getString("type")).endsWith(":consent_required");
    assertThat(gw.inbox(GERMAN_MOBILE)).isEmpty();

    ApiResponse ok =
        gw.api.post(
            "/v1/verifications",
            key,
            "{\"to\":\"" + GERMAN_MOBILE + "\",\"risk\":\"low\",\"consent\":true}");

    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.json().getJsonObject("route").getString("region")).isEqualTo("eu");
    assertThat(ok.json().getString("provider")).isIn("twilio", "sinch", "messagebird");
    JsonObject message = gw.newestMessage(GERMAN_MOBILE);
    assertThat(message.getString("channel")).isEqualTo("sms");
    assertThat(message.getString("from")).isEqualTo("OTPGW");
  }

  @Test
  void an_rcs_capable_handset_gets_rcs_first_and_others_get_sms() {
    String key = tenant();
    gw.fault("rbm", "{\"rcs_capable\":[\"+12025550160\"]}");
    try {
      JsonObject d = preview(key, "{\"to\":\"+12025550160\"}").json();
      List<JsonObject> candidates = objects(d.getJsonArray("candidates"));
      assertThat(candidates.get(0).getString("provider")).isEqualTo("rbm");
      assertThat(candidates.get(0).getString("channel")).isEqualTo("rcs");
      assertThat(candidates.subList(1, candidates.size()))
          .extracting(c -> c.getString("channel"))
          .containsOnly("sms")
          .isNotEmpty();

      ApiResponse rcs = gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550160\"}");
      ApiResponse sms = gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550161\"}");

      assertThat(rcs.status()).isEqualTo(201);
      assertThat(rcs.json().getString("channel")).isEqualTo("rcs");
      assertThat(rcs.json().getString("provider")).isEqualTo("rbm");
      JsonObject onHandset = gw.newestMessage("+12025550160");
      assertThat(onHandset.getString("channel")).isEqualTo("rcs");
      assertThat(onHandset.getString("provider")).isEqualTo("rbm");
      TestGateway.codeIn(onHandset.getString("body"), 6);
      assertThat(sms.status()).isEqualTo(201);
      assertThat(sms.json().getString("channel")).isEqualTo("sms");
      assertThat(gw.newestMessage("+12025550161").getString("channel")).isEqualTo("sms");
    } finally {
      gw.heal("rbm");
    }
  }

  @Test
  void the_rules_in_force_are_readable_with_a_tenant_or_the_admin_key_only() {
    String key = tenant();

    ApiResponse asTenant = gw.api.get("/v1/rules", key);
    ApiResponse asAdmin = gw.api.get("/v1/rules", TestGateway.ADMIN_KEY);
    ApiResponse anonymous = gw.api.get("/v1/rules", null);
    ApiResponse wrong = gw.api.get("/v1/rules", "otpk_wrong");

    assertThat(asTenant.status()).isEqualTo(200);
    assertThat(asAdmin.status()).isEqualTo(200);
    assertThat(asTenant.json().getString("version")).isEqualTo(asAdmin.json().getString("version"));
    assertThat(asTenant.json().getJsonArray("source_files"))
        .contains("providers.yaml", "weights.yaml", "regions/us.yaml", "regions/eu.yaml");
    assertThat(asTenant.json().getJsonArray("regions")).contains("us", "eu", "default");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(gw.api.post("/v1/rules/validate", null, validateBody(shippedFiles())).status())
        .isEqualTo(401);
  }

  @Test
  void the_shipped_rules_validate_with_the_version_in_force() {
    ApiResponse asTenant =
        gw.api.post("/v1/rules/validate", tenant(), validateBody(shippedFiles()));
    ApiResponse asAdmin =
        gw.api.post("/v1/rules/validate", TestGateway.ADMIN_KEY, validateBody(shippedFiles()));

    for (ApiResponse r : List.of(asTenant, asAdmin)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().getBoolean("valid")).isTrue();
      assertThat(r.json().getJsonArray("problems")).isEmpty();
      assertThat(r.json().getString("version")).isEqualTo(rulesVersion());
    }
  }

  @Test
  void a_broken_document_is_reported_with_file_line_and_message_and_nothing_changes() {
    String before = rulesVersion();
    Map<String, String> files = shippedFiles();
    String us = files.get("regions/us.yaml");
    String broken =
        us.replace("- {above: 0, usd: 0.0075}", "- {above: 0, usd: -0.0075}")
            .replace("consent_required: false", "consent_requird: false")
            .replace(
                "      sinch:\n        sender_id: \"+12025550182\"",
                "      plivo:\n        sender_id: \"+12025550182\"");
    assertThat(broken).contains("-0.0075", "consent_requird", "plivo:");
    files.put("regions/us.yaml", broken);

    ApiResponse r = gw.api.post("/v1/rules/validate", tenant(), validateBody(files));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getBoolean("valid")).isFalse();
    assertThat(r.json().containsKey("version")).isFalse();
    List<JsonObject> problems = objects(r.json().getJsonArray("problems"));
    assertThat(problems)
        .anySatisfy(
            p -> {
              assertThat(p.getString("file")).isEqualTo("regions/us.yaml");
              assertThat(p.getInteger("line")).isEqualTo(lineOf(broken, "-0.0075"));
              assertThat(p.getString("message"))
                  .contains("regions.us.providers.twilio.prices.sms[0].usd must be >= 0");
            })
        .anySatisfy(
            p -> {
              assertThat(p.getString("file")).isEqualTo("regions/us.yaml");
              assertThat(p.getInteger("line")).isEqualTo(lineOf(broken, "consent_requird"));
              assertThat(p.getString("message")).contains("consent_requird is not a known key");
            })
        .anySatisfy(
            p -> {
              assertThat(p.getString("file")).isEqualTo("regions/us.yaml");
              assertThat(p.getInteger("line")).isEqualTo(lineOf(broken, "plivo:"));
              assertThat(p.getString("message")).contains("'plivo'", "not defined in providers");
            });
    assertThat(rulesVersion()).as("validating loads nothing").isEqualTo(before);
  }

  @Test
  void rules_reload_on_change_keep_the_last_good_ones_and_report_a_broken_file()
      throws IOException {
    Path dir = copyOfShippedRules();
    Path us = dir.resolve("regions/us.yaml");
    String original = Files.readString(us);
    TestGateway hot = TestGateway.start(Map.of("OTPGW_RULES_DIR", dir.toString()));
    try {
      String key = hot.createTenant("hot", 10);
      String first = version(hot);

      Files.writeString(us, original.replace("usd: 0.0075}", "usd: 0.0065}"));
      String cheaper =
          Await.until(
              "the edited rules in force",
              Duration.ofSeconds(10),
              () -> {
                String v = version(hot);
                return v.equals(first) ? null : v;
              });

      assertThat(hot.metric("otp_rules_info{version=\"" + cheaper + "\"}")).isEqualTo(1.0);
      assertThat(hot.metric("otp_rules_info{version=\"" + first + "\"}")).isNull();
      JsonObject preview =
          hot.api.post("/v1/routes/preview", key, "{\"to\":\"+12025550142\"}").json();
      assertThat(preview.getString("rules_version")).isEqualTo(cheaper);
      assertThat(
              byProvider(objects(preview.getJsonArray("candidates")), "twilio")
                  .getString("unit_price_usd"))
          .isEqualTo("0.0065");
      ApiResponse afterEdit = hot.api.post("/v1/verifications", key, "{\"to\":\"+12025550142\"}");
      assertThat(afterEdit.status()).isEqualTo(201);
      assertThat(afterEdit.json().getJsonObject("route").getString("rules_version"))
          .isEqualTo(cheaper);

      double failures = hot.metric("otp_rules_reload_failures_total");
      String negative = original.replace("usd: 0.0075}", "usd: -0.0065}");
      Files.writeString(us, negative);
      Await.until(
          "the broken file's failed reload counted",
          Duration.ofSeconds(10),
          () -> hot.metric("otp_rules_reload_failures_total") > failures ? true : null);

      assertThat(version(hot)).isEqualTo(cheaper);
      assertThat(hot.metric("otp_rules_info{version=\"" + cheaper + "\"}")).isEqualTo(1.0);
      ApiResponse whileBroken = hot.api.post("/v1/verifications", key, "{\"to\":\"+12025550143\"}");
      assertThat(whileBroken.status()).isEqualTo(201);
      assertThat(whileBroken.json().getJsonObject("route").getString("rules_version"))
          .isEqualTo(cheaper);
      hot.newestMessage("+12025550143");

      ApiResponse refused = hot.api.post("/v1/admin/rules/reload", TestGateway.ADMIN_KEY, null);

      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.json().getString("type")).endsWith(":rules_invalid");
      assertThat(refused.json().getString("in_force")).isEqualTo(cheaper);
      JsonObject problem = refused.json().getJsonArray("problems").getJsonObject(0);
      assertThat(problem.getString("file")).isEqualTo("regions/us.yaml");
      assertThat(problem.getInteger("line")).isEqualTo(lineOf(negative, "-0.0065"));
      assertThat(problem.getString("message")).contains("must be >= 0");
      assertThat(version(hot)).isEqualTo(cheaper);

      Files.writeString(us, original.replace("usd: 0.0075}", "usd: 0.0060}"));
      ApiResponse fixed = hot.api.post("/v1/admin/rules/reload", TestGateway.ADMIN_KEY, null);

      assertThat(fixed.status()).isEqualTo(200);
      String cheapest = fixed.json().getString("version");
      assertThat(cheapest).isNotIn(first, cheaper);
      assertThat(version(hot)).isEqualTo(cheapest);
      assertThat(hot.metric("otp_rules_info{version=\"" + cheapest + "\"}")).isEqualTo(1.0);

      Files.writeString(
          us,
          "# reviewed by compliance\n"
              + original
                  .replace("usd: 0.0075}", "usd: 0.0060}   # contract price")
                  .replace("# United States", "#   United States"));
      ApiResponse commented = hot.api.post("/v1/admin/rules/reload", TestGateway.ADMIN_KEY, null);

      assertThat(commented.status()).isEqualTo(200);
      assertThat(commented.json().getString("version"))
          .as("comments do not change the version")
          .isEqualTo(cheapest);
    } finally {
      hot.close();
    }
  }

  private static String version(TestGateway g) {
    return g.api.get("/v1/rules", TestGateway.ADMIN_KEY).json().getString("version");
  }

  private static String validateBody(Map<String, String> files) {
    JsonObject f = new JsonObject();
    files.forEach(f::put);
    return new JsonObject().put("files", f).encode();
  }

  /** The shipped rules files by their path relative to routing-rules/. */
  static Map<String, String> shippedFiles() {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(SHIPPED)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (Files.isRegularFile(p) && p.toString().endsWith(".yaml")) {
          files.put(
              SHIPPED.relativize(p).toString().replace('\\', '/'),
              Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(files).containsKey("regions/us.yaml");
    return files;
  }

  private static Path copyOfShippedRules() throws IOException {
    Path dir = TestGateway.tempDir().resolve("rules");
    for (Map.Entry<String, String> f : shippedFiles().entrySet()) {
      Path target = dir.resolve(f.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, f.getValue());
    }
    return dir;
  }

  /** The 1-based line of the first occurrence of {@code text}. */
  static int lineOf(String document, String text) {
    int at = document.indexOf(text);
    assertThat(at).as("%s in the document", text).isNotNegative();
    return (int) document.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }

  private static List<JsonObject> objects(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).toList();
  }

  private static JsonObject byProvider(List<JsonObject> rows, String provider) {
    return rows.stream()
        .filter(r -> r.getString("provider").equals(provider))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + provider + " in " + rows));
  }
}
