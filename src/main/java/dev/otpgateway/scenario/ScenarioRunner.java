package dev.otpgateway.scenario;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Plays a scenario: for each run of the sitting (the scenario as written, then each variant) a
 * fresh gateway with the built-in simulator, the same planned traffic through its HTTP API, and a
 * report from what people saw and what the ledger recorded.
 */
public final class ScenarioRunner {
  /** The tenant the traffic runs as. */
  static final String TENANT = "scenario";

  /** Time a run may take beyond its traffic and drain before it is given up. */
  private static final Duration OVERRUN = Duration.ofMinutes(3);

  private final GatewayLauncher launcher;
  private final PrintStream progress;

  /**
   * @param progress where a line per run and phase goes while the sitting plays
   */
  public ScenarioRunner(GatewayLauncher launcher, PrintStream progress) {
    this.launcher = launcher;
    this.progress = progress;
  }

  /**
   * Plays every run of the sitting, or the one labelled {@code only}.
   *
   * @throws IllegalArgumentException when {@code only} names no run
   */
  public SittingReport play(Scenario scenario, String only) throws Exception {
    List<Scenario.Variant> runs = new ArrayList<>(scenario.runs());
    if (only != null) {
      runs.removeIf(v -> !v.label().equals(only));
      if (runs.isEmpty()) {
        throw new IllegalArgumentException(
            "no run labelled '"
                + only
                + "'; runs: "
                + scenario.runs().stream().map(Scenario.Variant::label).toList());
      }
    }
    TrafficPlan plan = TrafficPlan.of(scenario);
    String startedAt = Instant.now().toString();
    List<RunReport> reports = new ArrayList<>();
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    try {
      WebClient client =
          WebClient.create(
              vertx,
              new WebClientOptions()
                  .setConnectTimeout(5_000)
                  .setIdleTimeout(30)
                  .setUserAgent("otp-gateway-scenario"),
              new PoolOptions().setHttp1MaxSize(64));
      for (Scenario.Variant run : runs) {
        reports.add(run(vertx, client, scenario, plan, run));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    return new SittingReport(
        scenario.name(),
        scenario.file(),
        scenario.description(),
        scenario.seed(),
        startedAt,
        reports);
  }

  private RunReport run(
      Vertx vertx, WebClient client, Scenario s, TrafficPlan plan, Scenario.Variant run)
      throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    if (run.gateway().conversions() != null) {
      settings.put("routing.conversions", run.gateway().conversions().toString());
    }
    if (run.gateway().explorationPercent() != null) {
      settings.put("routing.exploration_percent", run.gateway().explorationPercent().toString());
    }
    // The run's own seed, kept within the configuration's range (0 means "random" there).
    settings.put(
        "routing.exploration_seed", Long.toString(1 + Math.floorMod(s.seed(), 2_000_000_000L)));
    progress.printf(
        "%s: starting a gateway %s, then %d starts over %d s%n",
        run.label(), settings, plan.arrivals().size(), s.duration().toSeconds());
    try (GatewayLauncher.Launched gateway = launcher.start(settings)) {
      Api api = new Api(client, gateway.baseUrl());
      String key = tenant(api, gateway.adminKey(), run.tenant());
      for (Map.Entry<String, Map<String, Long>> region : s.monthToDate().entrySet()) {
        for (Map.Entry<String, Long> units : region.getValue().entrySet()) {
          gateway.addMonthToDate(units.getKey(), region.getKey(), units.getValue());
        }
      }
      Timeline timeline = new Timeline(vertx, api, s, run.without());
      await(timeline.prepare(plan), Duration.ofSeconds(30));
      long t0 = System.nanoTime();
      long startEpoch = System.currentTimeMillis();
      timeline.start(t0);
      Player player = new Player(vertx, api, key, s, plan, codeLength(s.tenant()));
      List<Session> sessions = await(player.play(t0), s.duration().plus(s.drain()).plus(OVERRUN));
      timeline.stop();
      long elapsed = (System.nanoTime() - t0) / 1_000_000_000;
      progress.printf(
          "%s: played in %d s; reading the ledger's cost report%n", run.label(), elapsed);
      LocalDate from = LocalDate.ofInstant(Instant.ofEpochMilli(startEpoch), ZoneOffset.UTC);
      LocalDate to = LocalDate.now(ZoneOffset.UTC);
      Api.Answer report =
          await(
              api.get("/v1/reports/costs?from=" + from + "&to=" + to + "&group_by=provider", key),
              Duration.ofSeconds(60));
      if (!report.ok()) {
        throw new IllegalStateException(
            "the cost report answered " + report.status() + " " + report.body());
      }
      Map<String, Object> gatewayView = new LinkedHashMap<>(settings);
      return RunReport.of(
          run.label(), gatewayView, s, startEpoch, sessions, report.body(), timeline.log());
    }
  }

  /** Creates the run's tenant and returns its key. */
  private static String tenant(Api api, String adminKey, JsonObject extra) throws Exception {
    JsonObject limits =
        new JsonObject().put("per_destination_per_hour", 20).put("requests_per_second", 5_000);
    JsonObject body =
        new JsonObject().put("id", TENANT).put("name", "Scenario").put("limits", limits);
    extra.forEach(
        field -> {
          if ("limits".equals(field.getKey()) && field.getValue() instanceof JsonObject more) {
            limits.mergeIn(more);
          } else {
            body.put(field.getKey(), field.getValue());
          }
        });
    Api.Answer created =
        await(api.post("/v1/admin/tenants", adminKey, body), Duration.ofSeconds(30));
    if (created.status() != 201) {
      throw new IllegalStateException(
          "the gateway refused the scenario's tenant ("
              + created.status()
              + "): "
              + created.body());
    }
    return created.body().getString("api_key");
  }

  private static int codeLength(JsonObject tenant) {
    JsonObject limits = tenant.getJsonObject("limits");
    Integer length = limits == null ? null : limits.getInteger("code_length");
    return length == null ? 6 : length;
  }

  private static <T> T await(Future<T> future, Duration limit) throws Exception {
    return future
        .toCompletionStage()
        .toCompletableFuture()
        .get(limit.toMillis(), TimeUnit.MILLISECONDS);
  }
}
