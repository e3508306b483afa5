package dev.otpgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpgateway.testing.External;
import dev.otpgateway.testing.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus configuration and alert rules, checked by Prometheus's own promtool: the
 * configuration and rules load, and every unit test in the promtool test files passes. Without
 * promtool still: every alert has a case that fires it and one that does not, and every file in
 * prometheus/ is loaded or tested.
 */
class PromtoolTest {
  private static final String HOW =
      "apt-get install prometheus (it ships promtool), then mvn test -Dtest=PromtoolTest";

  /** Runs promtool; where it is not installed the test is skipped (or fails in CI). */
  private static Tools.Run promtool(String... args) {
    Path promtool = Tools.onPath("promtool");
    External.assumePresent("promtool", promtool != null, HOW);
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    return Tools.run(Duration.ofSeconds(60), Map.of(), command);
  }

  @Test
  void the_configuration_docker_compose_mounts_is_valid() {
    Tools.Run check = promtool("check", "config", PrometheusFiles.CONFIG.toString());

    assertThat(check.exit()).as(check.toString()).isZero();
    assertThat(check.output()).contains(PrometheusFiles.ruleFiles().size() + " rule files found");
  }

  @Test
  void every_file_in_prometheus_is_the_configuration_a_loaded_rule_file_or_a_promtool_test()
      throws java.io.IOException {
    Set<Path> known = new TreeSet<>(PrometheusFiles.ruleFiles());
    known.add(PrometheusFiles.CONFIG);
    known.addAll(PrometheusFiles.testFiles());
    try (var files = java.nio.file.Files.list(PrometheusFiles.DIR)) {
      // A rule file prometheus.yml does not load would be checked by nothing and fire nothing.
      assertThat(files.toList()).allSatisfy(f -> assertThat(known).contains(f));
    }
  }

  @Test
  void the_rule_files_are_valid() {
    assertThat(PrometheusFiles.ruleFiles()).isNotEmpty();
    for (Path rules : PrometheusFiles.ruleFiles()) {
      Tools.Run check = promtool("check", "rules", rules.toString());

      assertThat(check.exit()).as(check.toString()).isZero();
    }
  }

  @Test
  void every_promtool_unit_test_passes() {
    assertThat(PrometheusFiles.testFiles()).isNotEmpty();
    for (Path tests : PrometheusFiles.testFiles()) {
      Tools.Run run = promtool("test", "rules", tests.toString());

      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.output()).contains("SUCCESS");
    }
  }

  @Test
  void every_alert_has_a_case_that_fires_it_and_one_that_does_not() {
    Set<String> fired = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    Set<Path> tested = new TreeSet<>();
    for (Path file : PrometheusFiles.testFiles()) {
      JsonNode tests = PrometheusFiles.read(file);
      tests.path("rule_files").forEach(f -> tested.add(PrometheusFiles.DIR.resolve(f.asText())));
      for (JsonNode test : tests.path("tests")) {
        for (JsonNode expectation : test.path("alert_rule_test")) {
          String alert = expectation.path("alertname").asText();
          (expectation.path("exp_alerts").isEmpty() ? quiet : fired).add(alert);
        }
      }
    }

    assertThat(tested)
        .as("rule files the promtool tests load")
        .containsAll(PrometheusFiles.ruleFiles());
    List<String> alerts =
        PrometheusFiles.rules().stream()
            .filter(r -> r.kind().equals("alert"))
            .map(PrometheusFiles.Rule::name)
            .toList();
    assertThat(alerts).contains("OtpCircuitBreakerOpen", "OtpRulesReloadFailing");
    assertThat(fired).as("alerts a promtool case fires").containsAll(alerts);
    assertThat(quiet).as("alerts a promtool case expects quiet").containsAll(alerts);
  }
}
