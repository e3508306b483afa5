package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.ops.Dashboards;
import dev.otpgateway.ops.PrometheusFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and the Grafana dashboards can't be run here (no Docker engine), so they are
 * held to the code: compose sets only real configuration variables, its ports, URLs and mounts
 * reach what each service listens on and reads, and every metric a dashboard queries is one the
 * gateway exposes.
 */
class DeploymentFilesTest {

  @Test
  void compose_sets_only_variables_the_gateway_reads() throws IOException {
    String compose = Files.readString(Path.of("docker-compose.yml"));
    Set<String> known =
        ConfigSchema.KEYS.stream()
            .map(ConfigKey::envName)
            .collect(Collectors.toCollection(TreeSet::new));
    Matcher m = Pattern.compile("\\b(OTPGW_[A-Z0-9_]+):").matcher(compose);
    Set<String> used = new TreeSet<>();
    while (m.find()) {
      used.add(m.group(1));
    }

    assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(known).contains(name));
  }

  /** docker-compose.yml as Compose reads it: anchors and merge keys resolved. */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> composeServices() throws IOException {
    try (var in = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
      Map<String, Object> compose = new Yaml().load(in);
      return (Map<String, Map<String, Object>>) compose.get("services");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> env = new TreeMap<>();
    ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
        .forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }

  /** "host:container[:mode]" pairs of a service's ports or volumes, as container → host. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> mapped(Map<String, Object> service, String what) {
    Map<String, String> byContainer = new TreeMap<>();
    for (Object entry : (List<Object>) service.getOrDefault(what, List.of())) {
      String[] parts = entry.toString().split(":");
      byContainer.put(parts[1], parts[0]);
    }
    return byContainer;
  }

  /** The configuration a gateway container runs with: the image's ENV, then the service's. */
  private static GatewayConfig containerConfig(Map<String, Object> service) throws IOException {
    Map<String, String> env = new HashMap<>();
    Matcher image =
        Pattern.compile("(OTPGW_[A-Z0-9_]+)=(\\S+)")
            .matcher(Files.readString(Path.of("Dockerfile")));
    while (image.find()) {
      env.put(image.group(1), image.group(2));
    }
    env.putAll(environment(service));
    return ConfigLoader.load(env);
  }

  /** The gateway members: services built from this repository that serve the API. */
  private static Map<String, Map<String, Object>> gateways() throws IOException {
    Map<String, Map<String, Object>> gateways = new TreeMap<>();
    composeServices()
        .forEach(
            (name, service) -> {
              if (".".equals(service.get("build")) && !service.containsKey("command")) {
                gateways.put(name, service);
              }
            });
    return gateways;
  }

  @Test
  void compose_ports_and_urls_reach_what_each_service_listens_on() throws IOException {
    Map<String, Map<String, Object>> services = composeServices();
    Map<String, Map<String, Object>> gateways = gateways();
    Map<String, Object> simulator = services.get("simulator");
    int simulatorPort = containerConfig(simulator).simulatorPort();
    assertThat(mapped(simulator, "ports")).containsKey(Integer.toString(simulatorPort));
    assertThat(gateways).containsKeys("gateway-1", "gateway-2", "gateway-3");

    Set<String> targets = new TreeSet<>();
    for (Map.Entry<String, Map<String, Object>> gateway : gateways.entrySet()) {
      GatewayConfig config = containerConfig(gateway.getValue());
      String self = gateway.getKey() + ":" + config.httpPort();
      targets.add(self);
      assertThat(config.httpHost()).as("%s listens beyond loopback", self).isEqualTo("0.0.0.0");
      assertThat(mapped(gateway.getValue(), "ports"))
          .as("%s publishes its HTTP port", gateway.getKey())
          .containsKey(Integer.toString(config.httpPort()));
      assertThat(mapped(gateway.getValue(), "volumes"))
          .as("%s keeps its data directory in a volume", gateway.getKey())
          .containsKey(config.dataDir().toString());
      assertThat(config.cluster().host()).isEqualTo(gateway.getKey());
      assertThat(config.cluster().members())
          .allSatisfy(m -> assertThat(gateways).containsKey(m.split(":")[0]));
      URI callbacks = URI.create(config.publicBaseUrl());
      assertThat(callbacks.getHost() + ":" + callbacks.getPort())
          .as("receipts reach a gateway")
          .isIn(gateways.keySet().stream().map(g -> g + ":" + config.httpPort()).toList());
      for (String provider : List.of("twilio", "sinch", "messagebird", "rbm")) {
        URI api =
            URI.create(
                environment(gateway.getValue())
                    .get("OTPGW_PROVIDERS_" + provider.toUpperCase(Locale.ROOT) + "_BASE_URL"));
        assertThat(api.getHost() + ":" + api.getPort() + api.getPath())
            .isEqualTo("simulator:" + simulatorPort + "/" + provider);
      }
    }

    JsonNode scrape = PrometheusFiles.config().path("scrape_configs").get(0);
    Set<String> scraped = new TreeSet<>();
    scrape
        .path("static_configs")
        .forEach(g -> g.path("targets").forEach(t -> scraped.add(t.asText())));
    assertThat(scraped).as("Prometheus scrapes every member").isEqualTo(targets);
    assertThat(OpenApiDocument.tree().path("paths").has(scrape.path("metrics_path").asText()))
        .as("the gateway serves %s", scrape.path("metrics_path"))
        .isTrue();
    URI prometheus =
        URI.create(
            Dashboards.provisionedDatasources().stream()
                .filter(d -> d.path("type").asText().equals("prometheus"))
                .findFirst()
                .orElseThrow()
                .path("url")
                .asText());
    assertThat(services).containsKey(prometheus.getHost());
    assertThat(mapped(services.get(prometheus.getHost()), "ports"))
        .containsKey(Integer.toString(prometheus.getPort()));
  }

  @Test
  void compose_mounts_every_file_prometheus_and_grafana_read() throws IOException {
    Map<String, Map<String, Object>> services = composeServices();
    Map<String, String> prometheus = mapped(services.get("prometheus"), "volumes");
    Map<String, String> grafana = mapped(services.get("grafana"), "volumes");
    for (String host :
        List.of(prometheus, grafana).stream().flatMap(m -> m.values().stream()).toList()) {
      assertThat(Path.of(host)).as("mounted %s", host).exists();
    }

    // The image reads /etc/prometheus/prometheus.yml; rule files resolve beside it.
    assertThat(prometheus)
        .containsEntry("/etc/prometheus/prometheus.yml", "./" + PrometheusFiles.CONFIG);
    assertThat(PrometheusFiles.ruleFiles()).isNotEmpty();
    for (Path rules : PrometheusFiles.ruleFiles()) {
      assertThat(prometheus).containsEntry("/etc/prometheus/" + rules.getFileName(), "./" + rules);
    }

    assertThat(grafana).containsEntry("/etc/grafana/provisioning", "./grafana/provisioning");
    JsonNode provider =
        PrometheusFiles.read(Path.of("grafana/provisioning/dashboards/otp-gateway.yml"))
            .path("providers")
            .get(0);
    assertThat(grafana)
        .containsEntry(provider.path("options").path("path").asText(), "./" + Dashboards.DIR);
  }

  @Test
  void dashboards_query_only_metrics_the_gateway_exposes() throws IOException {
    Metrics metrics = new Metrics();
    metrics.verification("t", "us", "sent");
    metrics.message("p", "us", "sms", "accepted");
    metrics.cost("t", "p", "us", 0.01, 0.02);
    metrics.carbon("p", "us", "sms", 0.1);
    metrics.providerRequest("p", 0.01);
    metrics.delivery("p", "us", 1);
    metrics.circuitState("p", 0);
    metrics.failover("a", "b", "timeout");
    metrics.check("approved");
    metrics.rateLimited("tenant");
    metrics.rulesInForce("sha256:x");
    metrics.rulesReloadFailed();
    metrics.budgetUsed("t", 0.5);
    metrics.fraudDecision("t", "blocked", "prefix_burst");
    metrics.simSwapCheck("not_swapped");
    metrics.stateRecords("verifications", 1, 600);
    metrics.admissionPace(200);
    String exposed = new String(metrics.scrape(), StandardCharsets.UTF_8);

    Set<String> queried = new TreeSet<>();
    try (var files = Files.list(Path.of("grafana/dashboards"))) {
      for (Path dashboard : files.toList()) {
        Matcher m =
            Pattern.compile("\\b((?:otp|jvm)_[a-z_]+)").matcher(Files.readString(dashboard));
        while (m.find()) {
          queried.add(m.group(1));
        }
      }
    }

    assertThat(queried)
        .contains("otp_cost_usd_total", "otp_circuit_state", "otp_delivery_seconds_bucket");
    for (String name : queried) {
      assertThat(exposed).as("/metrics exposes %s", name).containsPattern("(?m)^" + name + "[{ ]");
    }
  }
}
