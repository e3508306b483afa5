package dev.otpgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.External;
import dev.otpgateway.testing.HeapBallast;
import dev.otpgateway.testing.RulesCopy;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import dev.otpgateway.testing.Tools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every PromQL expression the operations kit ships, run by a real Prometheus against the real
 * gateway. Prometheus scrapes the gateway with the shipped prometheus.yml and rule files; the test
 * drives traffic (sends past a budget threshold, a wrong code, a refusal, a rate limit, a failover
 * that opens a breaker, a rules reload that fails), then asks Prometheus's HTTP API for each
 * dashboard query and each rule's expression. Each must parse and return data, except those {@code
 * ops/may-be-empty.yaml} names with a reason; each metric and label it reads must exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusQueriesIT {
  private static final Duration SCRAPE = Duration.ofSeconds(1);
  private static final Duration GRAFANA_SCRAPE_INTERVAL = Duration.ofSeconds(15);
  private static final String HOW =
      "apt-get install prometheus, then mvn verify -Dit.test=PrometheusQueriesIT";
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^label_values\\(\\s*(?:(.+?)\\s*,\\s*)?(\\w+)\\s*\\)$");

  private final Map<String, String> notLanded = new TreeMap<>();
  private final Map<String, String> mayBeEmpty = new TreeMap<>();
  private TestGateway gw;
  private PrometheusServer prometheus;
  private RulesCopy rules;
  private String key;
  private Instant at;

  @BeforeAll
  void startAndDriveTraffic() {
    Path binary = Tools.onPath("prometheus");
    External.assumePresent("prometheus", binary != null, HOW);
    readAllowList();
    rules = RulesCopy.ofShipped();
    gw =
        TestGateway.start(
            Map.of(
                "OTPGW_RULES_DIR",
                rules.dir(),
                "OTPGW_BREAKER_MAX_FAILURES",
                "3",
                "OTPGW_BREAKER_WINDOW_MS",
                "60000",
                // Open stays open for the whole test: no half-open trial resets the gauge.
                "OTPGW_BREAKER_RESET_MS",
                "600000",
                // A heap budget that ballast held by the test can reach (see the last step).
                "OTPGW_ADMISSION_HEAP_PERCENT",
                Integer.toString(HeapBallast.budgetAboveNow(15))));
    key =
        gw.createTenant(
            "{\"id\":\"ops\",\"name\":\"Ops\",\"allowed_countries\":[\"US\"],"
                + "\"limits\":{\"per_destination_per_hour\":2,\"requests_per_second\":1000},"
                // Its steps start codes to the one fictional US range, close together as a bot
                // would walk it: the safe list keeps the fraud guard out of steps about other
                // things (the "pumped" tenant below is blocked instead).
                + "\"fraud\":{\"safe_list\":[\"+1202555\"]},"
                // A budget of one cent: the first sends cross its thresholds.
                + "\"budget\":{\"monthly_usd\":\"0.01\",\"alert_at\":[0.5,1.0],\"action\":\"alert\"}}");
    // Prometheus starts once the gateway is up and idle: on two cores their start-ups would
    // otherwise share the CPU, and a cold event loop can stall past Vert.x's warning limit.
    prometheus =
        PrometheusServer.start(
            binary, List.of(URI.create(gw.gateway.baseUrl()).getAuthority()), SCRAPE);
    // The reload failure counter is seen at 0 before it moves, or increase() sees no increase.
    awaitScrapedAfter(Instant.now());

    // One step per kind of traffic a panel or an alert reads. A feature that lands adds its own
    // (a fraud block, a member lost) so that its queries have data.
    codeDeliveredThenAWrongCodeThenTheRightOne();
    refusedForACountryTheTenantMayNotReach();
    rateLimitedOnTheThirdStartToOneNumber();
    failedOverUntilTheBreakerOpens();
    aRulesReloadFails();
    theBudgetIsSpent();
    aWalkThroughARangeIsBlocked();
    aHighRiskCodeIsCheckedForASimSwap();
    aStartIsRefusedNearTheHeapBudget();

    // Two samples of every series the traffic made, so rate() has two of each to work with.
    awaitScrapedAfter(Instant.now().plus(SCRAPE));
    Await.until(
        "two samples of every gateway series in Prometheus",
        Duration.ofSeconds(20),
        () -> {
          JsonArray series =
              data(prometheus.query("{job=\"otp-gateway\",__name__=~\"otp_.+\"}[1m]", null));
          for (int k = 0; k < series.size(); k++) {
            if (series.getJsonObject(k).getJsonArray("values").size() < 2) {
              return null;
            }
          }
          return series.isEmpty() ? null : true;
        });
    at = Instant.now();
  }

  @AfterAll
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (gw != null) {
      gw.close();
    }
  }

  // ---- traffic ------------------------------------------------------------------------------

  private JsonObject start(String to, int status) {
    ApiResponse r = gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
    assertThat(r.status()).as("start to %s: %s", to, r).isEqualTo(status);
    return r.json();
  }

  private void codeDeliveredThenAWrongCodeThenTheRightOne() {
    String to = "+12025550110";
    String id = start(to, 201).getString("id");
    gw.awaitStatus(key, id, "delivered");
    String code = TestGateway.codeIn(gw.newestMessage(to).getString("body"), 6);
    String wrong = code.substring(0, 5) + (char) ('0' + (code.charAt(5) - '0' + 1) % 10);
    String check = "/v1/verifications/" + id + "/check";

    assertThat(gw.api.post(check, key, "{\"code\":\"" + wrong + "\"}").status()).isEqualTo(422);
    assertThat(gw.api.post(check, key, "{\"code\":\"" + code + "\"}").status()).isEqualTo(200);
  }

  private void refusedForACountryTheTenantMayNotReach() {
    assertThat(start("+61491570156", 403).getString("type")).endsWith(":country_not_permitted");
  }

  private void rateLimitedOnTheThirdStartToOneNumber() {
    start("+12025550111", 201);
    start("+12025550111", 201);
    start("+12025550111", 429);
  }

  private void failedOverUntilTheBreakerOpens() {
    JsonObject preview = gw.api.post("/v1/routes/preview", key, "{\"to\":\"+12025550120\"}").json();
    String first = preview.getJsonArray("candidates").getJsonObject(0).getString("provider");
    gw.fault(first, "{\"down\": true}");
    for (int i = 0; i < 4; i++) {
      assertThat(start("+1202555012" + i, 201).getString("provider")).isNotEqualTo(first);
    }
    assertThat(Scrape.circuit(gw, first)).as("%s breaker", first).isEqualTo(2);
    // Failovers are counted off the event stream, shortly after the answers.
    Await.until(
        "the failovers counted",
        Duration.ofSeconds(10),
        () -> Scrape.sum(gw, "otp_failovers_total", Map.of("from", first)) >= 3 ? true : null);
  }

  private void aRulesReloadFails() {
    rules.edit("regions/us.yaml", "usd: 0.0075}", "usd: -0.0075}");
    assertThat(gw.api.post("/v1/admin/rules/reload", TestGateway.ADMIN_KEY, null).status())
        .isEqualTo(422);
  }

  private void theBudgetIsSpent() {
    // Spend is counted off the hot path: the gauge follows the sends shortly after.
    Await.until(
        "the one-cent budget spent",
        Duration.ofSeconds(10),
        () ->
            Scrape.sum(gw, "otp_budget_used_ratio", Map.of("tenant", "ops")) >= 1.0 ? true : null);
  }

  private void aWalkThroughARangeIsBlocked() {
    String pumped =
        gw.createTenant(
            "{\"id\":\"pumped\",\"allowed_countries\":[\"US\"],"
                + "\"limits\":{\"requests_per_second\":1000}}");
    for (int n = 0; n < 4; n++) {
      assertThat(
              gw.api
                  .post("/v1/verifications", pumped, "{\"to\":\"+1202555015" + n + "\"}")
                  .status())
          .isEqualTo(201);
    }
    ApiResponse blocked = gw.api.post("/v1/verifications", pumped, "{\"to\":\"+12025550154\"}");
    assertThat(blocked.status()).as("%s", blocked).isEqualTo(403);
  }

  private void aHighRiskCodeIsCheckedForASimSwap() {
    ApiResponse r =
        gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550130\",\"risk\":\"high\"}");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    assertThat(Scrape.sum(gw, "otp_sim_swap_checks_total", Map.of("outcome", "not_swapped")))
        .isEqualTo(1);
  }

  /** Last: once the heap is near its budget, no other step could start a code. */
  private void aStartIsRefusedNearTheHeapBudget() {
    HeapBallast ballast = new HeapBallast();
    ApiResponse refused =
        ballast.fillUntil(
            "a start was refused",
            () -> {
              ApiResponse r = gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550131\"}");
              return r.status() == 503 ? r : null;
            });
    ballast.release();
    assertThat(refused.json().getString("type")).endsWith(":heap_budget");
  }

  /** Waits until Prometheus holds a scrape of the gateway taken after {@code moment}. */
  private void awaitScrapedAfter(Instant moment) {
    Await.until(
        "a scrape after " + moment,
        Duration.ofSeconds(20),
        () -> {
          JsonArray result =
              data(prometheus.query("timestamp(up{job=\"otp-gateway\"} == 1)", null));
          return !result.isEmpty() && value(result.getJsonObject(0)) * 1000 > moment.toEpochMilli()
              ? true
              : null;
        });
  }

  // ---- the checks ---------------------------------------------------------------------------

  @Test
  void every_query_parses_returns_data_and_reads_metrics_and_labels_that_exist() {
    Map<String, Map<String, String>> variables = new HashMap<>();
    for (Dashboards.Dashboard dashboard : Dashboards.all()) {
      variables.put(dashboard.uid(), grafanaVariables(dashboard));
    }
    List<String> offences = new ArrayList<>();
    int withData = 0;
    List<PromQl.Query> queries = PromQl.all();
    for (PromQl.Query query : queries) {
      String expr =
          query.dashboard() == null
              ? query.expr()
              : Dashboards.substitute(query.expr(), variables.get(query.dashboard()));
      String problem = problemOf(query, expr);
      if (problem != null) {
        offences.add(query.where() + ": " + problem + "\n    " + expr);
      } else if (!data(prometheus.query(expr, at)).isEmpty()) {
        withData++;
      }
    }

    assertThat(offences).isEmpty();
    assertThat(queries).hasSizeGreaterThan(20);
    assertThat(withData).as("queries that returned data").isGreaterThan(queries.size() / 2);
  }

  /** What is wrong with one query, or null. */
  private String problemOf(PromQl.Query query, String expr) {
    JsonObject answer = prometheus.query(expr, at);
    if (!"success".equals(answer.getString("status"))) {
      return "Prometheus refuses it: " + answer.getString("error");
    }
    Set<String> metrics = new LinkedHashSet<>();
    PromQl.selectors(expr).forEach(s -> metrics.add(s.metric()));
    boolean readsUnlanded = metrics.stream().anyMatch(notLanded::containsKey);
    for (PromQl.Selector selector : PromQl.selectors(expr)) {
      if (!notLanded.containsKey(selector.metric())
          && data(prometheus.query("count(" + presenceOf(selector) + ")", at)).isEmpty()) {
        return "it reads " + presenceOf(selector) + ": no such series (a misspelt name?)";
      }
    }
    if (!readsUnlanded) {
      String any = String.join("|", metrics);
      for (String label : PromQl.groupingLabels(expr)) {
        String probe = "count({__name__=~\"" + any + "\"," + label + "=~\".+\"})";
        if (data(prometheus.query(probe, at)).isEmpty()) {
          return "it groups by '" + label + "', a label none of " + metrics + " has";
        }
      }
    }
    if (data(answer).isEmpty() && !readsUnlanded && !mayBeEmpty.containsKey(query.where())) {
      return "no data (add it to ops/may-be-empty.yaml only with a reason it may be empty)";
    }
    return null;
  }

  /** The selector's metric with every label it requires present, whatever their values. */
  private static String presenceOf(PromQl.Selector selector) {
    return selector.labels().isEmpty()
        ? selector.metric()
        : selector.metric()
            + selector.labels().stream()
                .map(l -> l + "=~\".+\"")
                .collect(Collectors.joining(",", "{", "}"));
  }

  @Test
  void the_allow_list_names_real_queries_and_metrics_still_missing() {
    Set<String> places = PromQl.all().stream().map(PromQl.Query::where).collect(Collectors.toSet());
    assertThat(places).containsAll(mayBeEmpty.keySet());
    String everything =
        PromQl.all().stream().map(PromQl.Query::expr).collect(Collectors.joining("\n"));
    for (String metric : notLanded.keySet()) {
      assertThat(everything).as("a shipped query reads %s", metric).contains(metric);
      assertThat(data(prometheus.query("count({__name__=\"" + metric + "\"})", at)))
          .as(
              "%s has series now: delete its line under not_landed in ops/may-be-empty.yaml",
              metric)
          .isEmpty();
    }
  }

  @Test
  void every_rule_loads_evaluates_cleanly_and_alerts_on_what_it_sees() {
    Set<String> shipped =
        PrometheusFiles.rules().stream()
            .map(PrometheusFiles.Rule::name)
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    List<JsonObject> loaded =
        Await.until(
            "every rule evaluated at least once",
            Duration.ofSeconds(20),
            () -> {
              List<JsonObject> rules = loadedRules();
              return rules.stream().allMatch(r -> !"unknown".equals(r.getString("health")))
                  ? rules
                  : null;
            });

    assertThat(loaded)
        .extracting(r -> r.getString("name"))
        .containsExactlyInAnyOrderElementsOf(shipped);
    assertThat(loaded)
        .allSatisfy(
            r ->
                assertThat(r.getString("health"))
                    .as("%s: %s", r.getString("name"), r.getString("lastError"))
                    .isEqualTo("ok"));
    // An alert whose expression holds now is pending or firing in Prometheus too.
    for (PrometheusFiles.Rule rule : PrometheusFiles.rules()) {
      if (rule.kind().equals("alert") && !data(prometheus.query(rule.expr(), null)).isEmpty()) {
        Await.until(
            rule.name() + " active",
            Duration.ofSeconds(10),
            () ->
                loadedRules().stream()
                        .anyMatch(
                            r ->
                                r.getString("name").equals(rule.name())
                                    && !"inactive".equals(r.getString("state")))
                    ? true
                    : null);
      }
    }
  }

  private List<JsonObject> loadedRules() {
    List<JsonObject> rules = new ArrayList<>();
    JsonArray groups = prometheus.api("/api/v1/rules").getJsonObject("data").getJsonArray("groups");
    for (int g = 0; g < groups.size(); g++) {
      JsonArray inGroup = groups.getJsonObject(g).getJsonArray("rules");
      for (int r = 0; r < inGroup.size(); r++) {
        rules.add(inGroup.getJsonObject(r));
      }
    }
    return rules;
  }

  // ---- Grafana's variables, as Grafana would fill them for this run ---------------------------

  /**
   * Grafana's built-in intervals for a dashboard showing this run, and each template variable as
   * Grafana would send it with "All" selected (its allValue, else every value as a regex), its
   * values asked from Prometheus as Grafana asks them.
   */
  private Map<String, String> grafanaVariables(Dashboards.Dashboard dashboard) {
    Map<String, String> values = new HashMap<>();
    // Grafana reckons with its data source's scrape interval, 15 s unless the provisioning sets
    // one (ours does not), not with how often this test's Prometheus scrapes. For a range this
    // short, $__interval is that minimum.
    long scrape = GRAFANA_SCRAPE_INTERVAL.toSeconds();
    long interval = scrape;
    long range = Duration.between(prometheus.started, at).toSeconds() + 1;
    values.put("__interval", interval + "s");
    values.put("__interval_ms", Long.toString(interval * 1000));
    // Grafana: max(4 x scrape interval, $__interval + scrape interval).
    values.put("__rate_interval", Math.max(4 * scrape, interval + scrape) + "s");
    values.put("__range", range + "s");
    values.put("__range_s", Long.toString(range));
    values.put("__range_ms", Long.toString(range * 1000));
    for (JsonNode variable : dashboard.variables()) {
      String name = variable.path("name").asText();
      List<String> options = options(variable);
      assertThat(options).as("values of $%s in %s", name, dashboard.uid()).isNotEmpty();
      boolean all = variable.path("includeAll").asBoolean() || variable.path("multi").asBoolean();
      String allValue = variable.path("allValue").asText("");
      values.put(
          name,
          !all
              ? options.get(0)
              : !allValue.isEmpty()
                  ? allValue
                  : options.stream()
                      .map(Pattern::quote)
                      .collect(Collectors.joining("|", "(", ")")));
    }
    return values;
  }

  private List<String> options(JsonNode variable) {
    String type = variable.path("type").asText();
    String query =
        variable.path("query").isObject()
            ? variable.path("query").path("query").asText()
            : variable.path("query").asText();
    switch (type) {
      case "custom":
        return List.of(query.split("\\s*,\\s*"));
      case "constant":
      case "textbox":
        return List.of(query);
      case "query":
        Matcher m = LABEL_VALUES.matcher(query.strip());
        assertThat(m.matches()).as("a label_values(...) query: %s", query).isTrue();
        String path =
            "/api/v1/label/"
                + m.group(2)
                + "/values"
                + (m.group(1) == null
                    ? ""
                    : "?match[]=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8));
        List<String> values = new ArrayList<>();
        prometheus.api(path).getJsonArray("data").forEach(v -> values.add((String) v));
        return values;
      default:
        throw new AssertionError("a " + type + " variable: teach PrometheusQueriesIT to fill it");
    }
  }

  // ---- small readers --------------------------------------------------------------------------

  /** The result of a query answer; a scalar or string result counts as one value. */
  private static JsonArray data(JsonObject answer) {
    JsonObject data = answer.getJsonObject("data");
    if (data == null) {
      return new JsonArray();
    }
    Object result = data.getValue("result");
    return "vector".equals(data.getString("resultType"))
            || "matrix".equals(data.getString("resultType"))
        ? (JsonArray) result
        : new JsonArray().add(result);
  }

  private static double value(JsonObject sample) {
    return Double.parseDouble(sample.getJsonArray("value").getString(1));
  }

  private void readAllowList() {
    try (InputStream in = getClass().getResourceAsStream("/ops/may-be-empty.yaml")) {
      JsonNode allow = PrometheusFiles.YAML.readTree(in);
      allow
          .path("not_landed")
          .fields()
          .forEachRemaining(e -> notLanded.put(e.getKey(), e.getValue().asText()));
      allow
          .path("may_be_empty")
          .fields()
          .forEachRemaining(e -> mayBeEmpty.put(e.getKey(), e.getValue().asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
