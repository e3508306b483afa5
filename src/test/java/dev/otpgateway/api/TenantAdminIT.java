package dev.otpgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.app.ConfigException;
import dev.otpgateway.tenancy.ApiKeys;
import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.MutableClock;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The admin tenant API as an operator uses it: keys shown once, strict validation, merge-patch
 * updates, deletion and key rotation that take effect at once, tenants that survive a restart, and
 * tenants declared in the config file that the API may not change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantAdminIT {
  private static final String ADMIN = TestGateway.ADMIN_KEY;
  private static final String TENANTS = "/v1/admin/tenants";

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

  private ApiResponse startVerification(String key, String to) {
    return gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
  }

  private ApiResponse mergePatch(String id, String json) {
    return gw.api.send(
        "PATCH",
        TENANTS + "/" + id,
        ADMIN,
        json,
        Map.of("Content-Type", "application/merge-patch+json"));
  }

  @Test
  void a_created_tenant_gets_its_key_once_and_reads_never_show_it() {
    ApiResponse created =
        gw.api.post(
            TENANTS,
            ADMIN,
            "{\"id\":\"shown-once\",\"name\":\"Shop\",\"allowed_countries\":[\"US\",\"DE\"],"
                + "\"limits\":{\"per_destination_per_hour\":2,\"requests_per_second\":20}}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo(TENANTS + "/shown-once");
    JsonObject body = created.json();
    String key = body.getString("api_key");
    assertThat(key).startsWith("otpk_").hasSizeGreaterThan(40);
    assertThat(body.getString("id")).isEqualTo("shown-once");
    assertThat(body.getString("name")).isEqualTo("Shop");
    assertThat(body.getJsonArray("allowed_countries")).containsExactly("US", "DE");
    assertThat(body.getJsonObject("limits"))
        .isEqualTo(
            new JsonObject()
                .put("per_destination_per_hour", 2)
                .put("requests_per_second", 20)
                .put("code_length", 6)
                .put("code_ttl_seconds", 300));
    assertThat(body.getBoolean("declared_in_config")).isFalse();

    ApiResponse read = gw.api.get(TENANTS + "/shown-once", ADMIN);
    ApiResponse list = gw.api.get(TENANTS, ADMIN);

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getJsonObject("limits")).isEqualTo(body.getJsonObject("limits"));
    assertThat(read.json().fieldNames()).doesNotContain("api_key");
    JsonObject listed =
        list.json().getJsonArray("tenants").stream()
            .map(JsonObject.class::cast)
            .filter(t -> t.getString("id").equals("shown-once"))
            .findFirst()
            .orElseThrow();
    assertThat(listed.fieldNames()).doesNotContain("api_key");
    String hash = ApiKeys.sha256Hex(key);
    for (ApiResponse r : List.of(read, list)) {
      assertThat(r.body()).doesNotContain(key).doesNotContain(hash).doesNotContain("sha256");
    }
    assertThat(startVerification(key, "+12025550120").status()).isEqualTo(201);
  }

  @Test
  void a_second_tenant_with_the_same_id_conflicts_and_the_first_keeps_its_key() {
    String first = gw.createTenant("{\"id\":\"twice\"}");

    ApiResponse again = gw.api.post(TENANTS, ADMIN, "{\"id\":\"twice\",\"name\":\"Other\"}");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("type")).endsWith(":tenant_exists");
    assertThat(gw.api.get(TENANTS + "/twice", ADMIN).json().getString("name")).isEqualTo("twice");
    assertThat(gw.api.get("/v1/rules", first).status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\":\"Bad Id\"}                                                       | id                               | lower-case letters",
        "{\"name\":\"no id\"}                                                      | id                               | is required",
        "{\"id\":\"ok1\",\"colour\":\"red\"}                                        | colour                           | is not a known field",
        "{\"id\":\"ok1\",\"limits\":{\"burst\":3}}                                  | limits.burst                     | is not a known field",
        "{\"id\":\"ok1\",\"allowed_countries\":[]}                                  | allowed_countries                | list of 1 to",
        "{\"id\":\"ok1\",\"allowed_countries\":[\"US\",\"XX\"]}                     | allowed_countries                | XX, which is not an ISO 3166 country",
        "{\"id\":\"ok1\",\"allowed_countries\":[\"us\"]}                            | allowed_countries                | ISO 3166 alpha-2",
        "{\"id\":\"ok1\",\"limits\":{\"code_length\":3}}                            | limits.code_length               | from 4 to 10",
        "{\"id\":\"ok1\",\"limits\":{\"code_length\":11}}                           | limits.code_length               | from 4 to 10",
        "{\"id\":\"ok1\",\"limits\":{\"code_ttl_seconds\":601}}                     | limits.code_ttl_seconds          | from 60 to 600",
        "{\"id\":\"ok1\",\"limits\":{\"per_destination_per_hour\":0}}               | limits.per_destination_per_hour  | from 1 to 1000",
        "{\"id\":\"ok1\",\"limits\":{\"requests_per_second\":\"many\"}}             | limits.requests_per_second       | whole number",
        "{\"id\":\"ok1\",\"templates\":{\"en\":\"Your login number\"}}              | templates.en                     | {code}",
        "{\"id\":\"ok1\",\"status_callback_url\":\"http://example.com/hook\"}      | status_callback_url              | https",
        "{\"id\":\"ok1\",\"status_callback_url\":\"https://169.254.169.254/x\"}    | status_callback_url              | metadata",
        "{\"id\":\"ok1\",\"status_callback_url\":\"https://10.0.0.1/hook\"}        | status_callback_url              | private",
        "{\"id\":\"ok1\",\"status_callback_url\":\"https://[fd00::1]/hook\"}       | status_callback_url              | unique-local",
        "{\"id\":\"ok1\",\"status_callback_url\":\"https://u:p@example.com/h\"}    | status_callback_url              | user name or password",
        "{\"id\":\"ok1\",\"templates\":{\"xx\":\"{code}\"}}                       | templates.xx                     | not an ISO 639 language",
        "{\"id\":\"ok1\",\"templates\":{\"en\":\"{code}\\u200b\"}}              | templates.en                     | invisible",
        "{\"id\":\"ok1\",\"name\":\"Acme\\u202eLTD\"}                              | name                             | bidirectional",
      })
  void an_invalid_tenant_is_refused_naming_the_field(String body, String field, String message) {
    ApiResponse r = gw.api.post(TENANTS, ADMIN, body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().getJsonObject("errors").getString(field)).contains(message);
    assertThat(gw.api.get(TENANTS + "/ok1", ADMIN).status()).isEqualTo(404);
  }

  @Test
  void one_bad_request_names_every_bad_field() {
    ApiResponse r =
        gw.api.post(
            TENANTS,
            ADMIN,
            "{\"id\":\"many\",\"allowed_countries\":[\"XX\"],\"limits\":{\"code_length\":3,"
                + "\"code_ttl_seconds\":601,\"per_destination_per_hour\":0},"
                + "\"templates\":{\"en\":\"hello\"},\"status_callback_url\":\"http://example.com\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonObject("errors").fieldNames())
        .containsExactlyInAnyOrder(
            "allowed_countries",
            "limits.code_length",
            "limits.code_ttl_seconds",
            "limits.per_destination_per_hour",
            "templates.en",
            "status_callback_url");
    assertThat(gw.api.get(TENANTS + "/many", ADMIN).status()).isEqualTo(404);
  }

  @Test
  void listing_shows_every_tenant_by_id_and_a_missing_one_is_404() {
    gw.createTenant("{\"id\":\"list-b\"}");
    gw.createTenant("{\"id\":\"list-a\"}");

    List<String> ids =
        gw.api.get(TENANTS, ADMIN).json().getJsonArray("tenants").stream()
            .map(t -> ((JsonObject) t).getString("id"))
            .toList();
    ApiResponse missing = gw.api.get(TENANTS + "/nobody", ADMIN);

    assertThat(ids).contains("list-a", "list-b").isSorted();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("type")).endsWith(":not_found");
  }

  @Test
  void a_merge_patch_changes_only_what_it_names_and_null_allows_every_country_again() {
    String key =
        gw.createTenant(
            "{\"id\":\"patched\",\"name\":\"Before\",\"allowed_countries\":[\"US\"],"
                + "\"limits\":{\"per_destination_per_hour\":5,\"code_length\":8}}");
    assertThat(startVerification(key, "+61491570156").status()).isEqualTo(403);

    ApiResponse tightened = mergePatch("patched", "{\"limits\":{\"per_destination_per_hour\":1}}");

    assertThat(tightened.status()).isEqualTo(200);
    JsonObject t = tightened.json();
    assertThat(t.getString("name")).isEqualTo("Before");
    assertThat(t.getJsonArray("allowed_countries")).containsExactly("US");
    assertThat(t.getJsonObject("limits").getInteger("per_destination_per_hour")).isEqualTo(1);
    assertThat(t.getJsonObject("limits").getInteger("code_length")).isEqualTo(8);
    assertThat(t.fieldNames()).doesNotContain("api_key");
    assertThat(startVerification(key, "+12025550121").status()).isEqualTo(201);
    assertThat(startVerification(key, "+12025550121").status())
        .as("the new per-destination limit of 1 applies at once")
        .isEqualTo(429);

    ApiResponse opened = mergePatch("patched", "{\"allowed_countries\":null,\"name\":\"After\"}");

    assertThat(opened.status()).isEqualTo(200);
    assertThat(opened.json().fieldNames()).doesNotContain("allowed_countries");
    assertThat(opened.json().getString("name")).isEqualTo("After");
    assertThat(gw.api.get(TENANTS + "/patched", ADMIN).json().fieldNames())
        .doesNotContain("allowed_countries");
    assertThat(startVerification(key, "+61491570156").status()).isEqualTo(201);
    assertThat(gw.newestMessage("+61491570156").getString("body")).startsWith("Your After code");
  }

  @Test
  void a_patch_with_an_unknown_or_invalid_field_changes_nothing() {
    gw.createTenant("{\"id\":\"strict-patch\",\"limits\":{\"per_destination_per_hour\":4}}");

    ApiResponse unknown = mergePatch("strict-patch", "{\"colour\":\"red\",\"name\":\"X\"}");
    ApiResponse outOfRange = mergePatch("strict-patch", "{\"limits\":{\"code_length\":11}}");
    ApiResponse missing = mergePatch("nobody", "{\"name\":\"X\"}");

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getJsonObject("errors").getString("colour"))
        .contains("is not a known field");
    assertThat(outOfRange.status()).isEqualTo(400);
    assertThat(outOfRange.json().getJsonObject("errors").getString("limits.code_length"))
        .contains("from 4 to 10");
    assertThat(missing.status()).isEqualTo(404);
    JsonObject after = gw.api.get(TENANTS + "/strict-patch", ADMIN).json();
    assertThat(after.getString("name")).isEqualTo("strict-patch");
    assertThat(after.getJsonObject("limits").getInteger("code_length")).isEqualTo(6);
    assertThat(after.getJsonObject("limits").getInteger("per_destination_per_hour")).isEqualTo(4);
  }

  @Test
  void a_deleted_tenant_is_gone_and_its_key_stops_working() {
    String key = gw.createTenant("{\"id\":\"doomed\"}");
    assertThat(startVerification(key, "+12025550122").status()).isEqualTo(201);

    ApiResponse deleted = gw.api.delete(TENANTS + "/doomed", ADMIN);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    ApiResponse withKey = startVerification(key, "+12025550123");
    assertThat(withKey.status()).isEqualTo(401);
    assertThat(gw.api.get("/v1/rules", key).status()).isEqualTo(401);
    assertThat(gw.api.get(TENANTS + "/doomed", ADMIN).status()).isEqualTo(404);
    assertThat(gw.api.delete(TENANTS + "/doomed", ADMIN).status()).isEqualTo(404);
    assertThat(gw.inbox("+12025550123")).isEmpty();
  }

  @Test
  void a_rotated_key_works_at_once_and_the_old_one_does_not() {
    String old = gw.createTenant("{\"id\":\"rotated\"}");

    ApiResponse rotated = gw.api.post(TENANTS + "/rotated/rotate-key", ADMIN, null);

    assertThat(rotated.status()).isEqualTo(200);
    String fresh = rotated.json().getString("api_key");
    assertThat(fresh).startsWith("otpk_").isNotEqualTo(old);
    assertThat(startVerification(fresh, "+12025550124").status()).isEqualTo(201);
    assertThat(startVerification(old, "+12025550125").status()).isEqualTo(401);
    assertThat(gw.api.get(TENANTS + "/rotated", ADMIN).body()).doesNotContain(fresh);
    assertThat(gw.api.post(TENANTS + "/nobody/rotate-key", ADMIN, null).status()).isEqualTo(404);
  }

  @Test
  void a_rotated_callback_secret_is_shown_once_and_replaces_the_old_one() {
    ApiResponse created =
        gw.api.post(
            TENANTS,
            ADMIN,
            "{\"id\":\"hooked-rotation\",\"status_callback_url\":\"https://hooks.example.com/cb\"}");
    String old = created.json().getString("callback_secret");

    ApiResponse rotated =
        gw.api.post(TENANTS + "/hooked-rotation/rotate-callback-secret", ADMIN, null);
    gw.createTenant("{\"id\":\"hookless\"}");
    ApiResponse hookless = gw.api.post(TENANTS + "/hookless/rotate-callback-secret", ADMIN, null);

    assertThat(rotated.status()).isEqualTo(200);
    String fresh = rotated.json().getString("callback_secret");
    assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
    assertThat(rotated.json().containsKey("api_key")).isFalse();
    assertThat(gw.api.get(TENANTS + "/hooked-rotation", ADMIN).body())
        .doesNotContain(fresh)
        .doesNotContain(old);
    assertThat(hookless.status()).isEqualTo(409);
    assertThat(hookless.json().getString("type")).endsWith(":no_status_callback_url");
    assertThat(gw.api.post(TENANTS + "/nobody/rotate-callback-secret", ADMIN, null).status())
        .isEqualTo(404);
  }

  @Test
  void admin_routes_refuse_no_key_a_tenant_key_and_a_wrong_key() {
    String tenantKey = gw.createTenant("{\"id\":\"not-admin\"}");
    String[][] routes = {
      {"POST", TENANTS, "{\"id\":\"sneaky\"}"},
      {"GET", TENANTS, null},
      {"GET", TENANTS + "/not-admin", null},
      {"PATCH", TENANTS + "/not-admin", "{\"name\":\"Hacked\"}"},
      {"DELETE", TENANTS + "/not-admin", null},
      {"POST", TENANTS + "/not-admin/rotate-key", null},
      {"POST", "/v1/admin/rules/reload", null},
    };
    String[] keys = {null, tenantKey, "otpa_wrong-admin-key", "otpk_" + ADMIN};

    for (String[] route : routes) {
      for (String key : keys) {
        ApiResponse r = gw.api.send(route[0], route[1], key, route[2], Map.of());
        assertThat(r.status()).as("%s %s with key %s", route[0], route[1], key).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.json().getString("type")).endsWith(":unauthenticated");
      }
    }
    assertThat(gw.api.get(TENANTS + "/sneaky", ADMIN).status()).isEqualTo(404);
    JsonObject untouched = gw.api.get(TENANTS + "/not-admin", ADMIN).json();
    assertThat(untouched.getString("name")).isEqualTo("not-admin");
    assertThat(startVerification(tenantKey, "+12025550126").status()).isEqualTo(201);
  }

  @Test
  void a_tenants_per_destination_limit_refuses_the_second_start_to_a_number() {
    String key =
        gw.createTenant(
            "{\"id\":\"one-per-hour\",\"limits\":{\"per_destination_per_hour\":1,\"requests_per_second\":100}}");

    ApiResponse first = startVerification(key, "+12025550127");
    ApiResponse second = startVerification(key, "+12025550127");

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.json().getString("type")).endsWith(":destination_rate_limited");
    assertThat(second.header("Retry-After")).isNotNull();
    assertThat(startVerification(key, "+12025550128").status())
        .as("another number has its own window")
        .isEqualTo(201);
    assertThat(gw.inbox("+12025550127")).hasSize(1);
  }

  @Test
  void a_tenants_requests_per_second_refuses_a_burst_with_scope_tenant() {
    // The gateway's clock does not move in this class, so the bucket does not refill mid-burst.
    String key = gw.createTenant("{\"id\":\"slow\",\"limits\":{\"requests_per_second\":1}}");
    String other = gw.createTenant("{\"id\":\"fast\",\"limits\":{\"requests_per_second\":100}}");
    double before = tenantRateLimited();

    ApiResponse first = startVerification(key, "+12025550129");
    ApiResponse second = startVerification(key, "+12025550130");
    ApiResponse third = startVerification(key, "+12025550131");

    assertThat(first.status()).isEqualTo(201);
    for (ApiResponse refused : List.of(second, third)) {
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.json().getString("type")).endsWith(":tenant_rate_limited");
      assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 2L);
    }
    assertThat(tenantRateLimited() - before).isEqualTo(2.0);
    assertThat(gw.inbox("+12025550130")).isEmpty();
    assertThat(startVerification(other, "+12025550132").status())
        .as("another tenant's bucket")
        .isEqualTo(201);
  }

  private double tenantRateLimited() {
    Double v = gw.metric("otp_rate_limited_total{scope=\"tenant\"}");
    return v == null ? 0 : v;
  }

  @Test
  void tenants_survive_a_restart_on_the_same_data_dir_as_last_changed() {
    MutableClock clock = MutableClock.now();
    TestGateway first = TestGateway.start(Map.of(), clock);
    int rapid = 15;
    List<String> rotatedKeys = new java.util.ArrayList<>();
    String kept;
    String keptAfterRotation;
    String gone;
    try {
      kept = first.createTenant("{\"id\":\"kept\",\"allowed_countries\":[\"US\"]}");
      String patchedKey = first.createTenant("{\"id\":\"patched-before-restart\"}");
      assertThat(
              first
                  .api
                  .patch(
                      TENANTS + "/patched-before-restart",
                      ADMIN,
                      "{\"limits\":{\"code_length\":8}}")
                  .status())
          .isEqualTo(200);
      keptAfterRotation =
          first
              .api
              .post(TENANTS + "/patched-before-restart/rotate-key", ADMIN, null)
              .json()
              .getString("api_key");
      assertThat(first.api.get("/v1/rules", patchedKey).status()).isEqualTo(401);
      gone = first.createTenant("{\"id\":\"gone\"}");
      assertThat(first.api.delete(TENANTS + "/gone", ADMIN).status()).isEqualTo(204);
      // Changes in quick succession: each must be on disk as last made, never an older state.
      for (int i = 0; i < rapid; i++) {
        first.createTenant("{\"id\":\"deleted-" + i + "\"}");
        assertThat(first.api.delete(TENANTS + "/deleted-" + i, ADMIN).status()).isEqualTo(204);
        first.createTenant("{\"id\":\"rotated-" + i + "\"}");
        rotatedKeys.add(
            first
                .api
                .post(TENANTS + "/rotated-" + i + "/rotate-key", ADMIN, null)
                .json()
                .getString("api_key"));
      }
    } finally {
      first.close();
    }

    TestGateway second = TestGateway.startWith(first.env, clock);
    try {
      JsonArray tenants = second.api.get(TENANTS, ADMIN).json().getJsonArray("tenants");
      List<String> ids = tenants.stream().map(t -> ((JsonObject) t).getString("id")).toList();
      assertThat(ids).contains("kept", "patched-before-restart").hasSize(2 + rapid);
      assertThat(ids).noneMatch(id -> id.equals("gone") || id.startsWith("deleted-"));
      for (int i = 0; i < rapid; i++) {
        assertThat(second.api.get("/v1/rules", rotatedKeys.get(i)).status())
            .as("the rotated key of rotated-%d", i)
            .isEqualTo(200);
      }
      JsonObject keptTenant = second.api.get(TENANTS + "/kept", ADMIN).json();
      assertThat(keptTenant.getJsonArray("allowed_countries")).containsExactly("US");
      assertThat(second.api.post("/v1/verifications", kept, "{\"to\":\"+12025550133\"}").status())
          .isEqualTo(201);
      assertThat(
              second
                  .api
                  .post("/v1/verifications", keptAfterRotation, "{\"to\":\"+12025550134\"}")
                  .status())
          .isEqualTo(201);
      assertThat(TestGateway.codeIn(second.newestMessage("+12025550134").getString("body"), 8))
          .hasSize(8);
      assertThat(second.api.get(TENANTS + "/gone", ADMIN).status()).isEqualTo(404);
      assertThat(second.api.get("/v1/rules", gone).status()).isEqualTo(401);
    } finally {
      second.close();
    }
  }

  private static final String CONFIG_KEY = "otpk_declared-in-config-for-tests";

  @Test
  void a_tenant_declared_in_config_authenticates_and_the_api_may_not_change_it() {
    String declared =
        "[{\"id\":\"cfg\",\"api_key_sha256\":\""
            + ApiKeys.sha256Hex(CONFIG_KEY)
            + "\",\"allowed_countries\":[\"US\"]}]";
    TestGateway configured = TestGateway.start(Map.of("OTPGW_TENANTS", declared));
    try {
      ApiResponse us =
          configured.api.post("/v1/verifications", CONFIG_KEY, "{\"to\":\"+12025550135\"}");
      ApiResponse au =
          configured.api.post("/v1/verifications", CONFIG_KEY, "{\"to\":\"+61491570157\"}");
      JsonObject read = configured.api.get(TENANTS + "/cfg", ADMIN).json();
      ApiResponse patch = configured.api.patch(TENANTS + "/cfg", ADMIN, "{\"name\":\"Renamed\"}");
      ApiResponse rotate = configured.api.post(TENANTS + "/cfg/rotate-key", ADMIN, null);
      ApiResponse delete = configured.api.delete(TENANTS + "/cfg", ADMIN);

      assertThat(us.status()).isEqualTo(201);
      assertThat(au.status()).isEqualTo(403);
      assertThat(read.getBoolean("declared_in_config")).isTrue();
      assertThat(read.getJsonArray("allowed_countries")).containsExactly("US");
      for (ApiResponse refused : List.of(patch, rotate, delete)) {
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().getString("type")).endsWith(":tenant_in_config");
        assertThat(refused.json().getString("detail")).contains("config");
      }
      assertThat(configured.api.get(TENANTS + "/cfg", ADMIN).json().getString("name"))
          .isEqualTo("cfg");
      assertThat(configured.api.get("/v1/rules", CONFIG_KEY).status())
          .as("the declared key still works after the refused rotation")
          .isEqualTo(200);
    } finally {
      configured.close();
    }
  }

  @Test
  void an_invalid_declared_tenant_stops_start_up_naming_it_and_the_field() {
    String declared =
        "[{\"id\":\"cfg\",\"api_key_sha256\":\"not-a-hash\",\"allowed_countries\":[\"US\"]}]";

    assertThatThrownBy(() -> TestGateway.start(Map.of("OTPGW_TENANTS", declared)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tenants[0]")
        .hasMessageContaining("api_key_sha256");

    String secondBad =
        "[{\"id\":\"ok\",\"api_key_sha256\":\""
            + ApiKeys.sha256Hex(CONFIG_KEY)
            + "\"},{\"id\":\"bad\",\"api_key_sha256\":\""
            + ApiKeys.sha256Hex("otpk_other")
            + "\",\"allowed_countries\":[\"XX\"]}]";
    assertThatThrownBy(() -> TestGateway.start(Map.of("OTPGW_TENANTS", secondBad)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tenants[1]")
        .hasMessageContaining("allowed_countries");
  }

  @Test
  void the_jar_exits_1_naming_an_invalid_declared_tenant() throws Exception {
    Path jar = Path.of("target", "otp-gateway.jar");
    assertThat(jar).as("failsafe runs after package").exists();
    Path output = TestGateway.tempDir().resolve("serve.out");
    ProcessBuilder serve =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    serve.environment().keySet().removeIf(k -> k.startsWith("OTPGW_"));
    serve
        .environment()
        .putAll(
            Map.of(
                "OTPGW_HTTP_PORT",
                Integer.toString(Ports.free()),
                "OTPGW_SIMULATOR_PORT",
                "0",
                "OTPGW_CLUSTER_PORT",
                Integer.toString(Ports.free()),
                "OTPGW_ADMIN_KEY",
                ADMIN,
                "OTPGW_DATA_DIR",
                TestGateway.tempDir().toString(),
                "OTPGW_RULES_DIR",
                "routing-rules",
                "OTPGW_TENANTS",
                "[{\"id\":\"cfg\",\"api_key_sha256\":\"not-a-hash\"}]"));
    Process p = serve.start();

    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    String text = Files.readString(output);
    assertThat(ended).as("the jar exited instead of hanging: %s", text).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(text)
        .contains("the gateway did not start: key tenants[0]")
        .contains("api_key_sha256")
        .as("every library's logging reaches the log")
        .doesNotContain("No SLF4J providers")
        .as("Hazelcast is held to warnings")
        .doesNotContainPattern("INFO \\w+: \\[127\\.0\\.0\\.1\\]:\\d+ \\[otp-gateway\\]");
  }
}
