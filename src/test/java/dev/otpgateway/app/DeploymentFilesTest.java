package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.metrics.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Grafana dashboards can't be run here (no Docker engine), so they are
 * held to the code: compose sets only real configuration variables, and every metric a dashboard
 * queries is one the gateway exposes.
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
