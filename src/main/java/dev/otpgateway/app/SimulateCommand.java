package dev.otpgateway.app;

import dev.otpgateway.json.Json;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.providers.simulator.SimulatedApi;
import dev.otpgateway.scenario.GatewayLauncher;
import dev.otpgateway.scenario.ReportTable;
import dev.otpgateway.scenario.Scenario;
import dev.otpgateway.scenario.ScenarioException;
import dev.otpgateway.scenario.ScenarioLoader;
import dev.otpgateway.scenario.ScenarioRunner;
import dev.otpgateway.scenario.SittingReport;
import dev.otpgateway.yaml.YamlProblem;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code simulate SCENARIO.yaml [--report FILE] [--only LABEL]}: plays a scenario of traffic
 * against gateways started in this process (one per run of the sitting), each on free loopback
 * ports with a temporary data directory and the built-in simulator, and prints what routing saved,
 * delivered and converted; {@code --report} also writes it as JSON.
 */
final class SimulateCommand {
  static final String USAGE = "usage: simulate SCENARIO.yaml [--report FILE] [--only LABEL]\n";

  private SimulateCommand() {}

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String file = null;
    Path report = null;
    String only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--report" -> report = i + 1 < args.length ? Path.of(args[++i]) : null;
        case "--only" -> only = i + 1 < args.length ? args[++i] : null;
        default -> {
          if (file != null || args[i].startsWith("--")) {
            err.print("simulate: unexpected '" + args[i] + "'\n" + USAGE);
            return 2;
          }
          file = args[i];
        }
      }
    }
    if (file == null || (args.length > 0 && args[args.length - 1].equals("--report"))) {
      err.print(USAGE);
      return 2;
    }
    Scenario scenario;
    try {
      scenario = ScenarioLoader.load(Path.of(file), settingsCheck());
    } catch (ScenarioException e) {
      for (YamlProblem p : e.problems()) {
        err.println(p);
      }
      return 2;
    } catch (UncheckedIOException e) {
      err.println(e.getMessage());
      return 2;
    }
    Path rules = Path.of(env.getOrDefault("OTPGW_RULES_DIR", "routing-rules"));
    SittingReport sitting;
    try {
      sitting = new ScenarioRunner(new InProcess(rules), err).play(scenario, only);
    } catch (IllegalArgumentException e) {
      err.println("simulate: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("simulate: the run failed: " + e);
      return 1;
    }
    out.print(ReportTable.render(sitting));
    if (report != null) {
      try {
        Files.write(
            report, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(sitting));
      } catch (IOException e) {
        err.println("simulate: cannot write " + report + ": " + e.getMessage());
        return 1;
      }
      out.println("\nreport written to " + report);
    }
    return 0;
  }

  /** The simulator's own checks of provider settings, for the scenario loader. */
  static ScenarioLoader.SettingsCheck settingsCheck() {
    Map<String, SimulatedApi> apis =
        ProviderWiring.simulatedApis(
                ProviderWiring.simulatorCredentials(ConfigLoader.load(Map.of()).providers()))
            .stream()
            .collect(Collectors.toMap(SimulatedApi::name, Function.identity()));
    return (provider, settings) -> ProviderSimulator.problems(apis.get(provider), settings);
  }

  /** Gateways started in this process, as tests start them. */
  private record InProcess(Path rules) implements GatewayLauncher {
    @Override
    public Launched start(Map<String, String> settings) throws Exception {
      Path data = Files.createTempDirectory("otpgw-scenario");
      Map<String, String> env = new HashMap<>();
      env.put("OTPGW_HTTP_PORT", Integer.toString(freePort()));
      env.put("OTPGW_SIMULATOR", "true");
      env.put("OTPGW_SIMULATOR_PORT", "0");
      env.put("OTPGW_CLUSTER_PORT", Integer.toString(freePort()));
      String adminKey = dev.otpgateway.tenancy.ApiKeys.generate("otpa_");
      env.put("OTPGW_ADMIN_KEY", adminKey);
      env.put("OTPGW_DATA_DIR", data.toString());
      env.put("OTPGW_RULES_DIR", rules.toString());
      env.put("OTPGW_DEMO_TENANT", "false");
      settings.forEach(
          (key, value) ->
              env.put("OTPGW_" + key.replace('.', '_').toUpperCase(java.util.Locale.ROOT), value));
      GatewayConfig config = ConfigLoader.load(env);
      VertxOptions options = Gateway.defaultVertxOptions();
      Gateway gateway =
          Gateway.start(
                  config,
                  Clock.systemUTC(),
                  options,
                  new PrintStream(OutputStream.nullOutputStream()))
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      return new Launched() {
        @Override
        public String baseUrl() {
          return gateway.baseUrl();
        }

        @Override
        public String adminKey() {
          return adminKey;
        }

        @Override
        public void addMonthToDate(String provider, String region, long units) throws Exception {
          gateway
              .addMonthToDate(provider, region, units)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
          try {
            gateway.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException("the gateway did not stop: " + e, e);
          } finally {
            deleteTree(data);
          }
        }
      };
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is harmless; the run's result stands.
    }
  }
}
