package dev.otpgateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Prometheus files that ship in {@code prometheus/}: the configuration docker-compose mounts,
 * the rule files it names ({@code rule_files}), and the promtool test files beside them.
 */
public final class PrometheusFiles {
  public static final Path DIR = Path.of("prometheus");
  public static final Path CONFIG = DIR.resolve("prometheus.yml");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One alerting or recording rule. */
  public record Rule(Path file, String group, String kind, String name, String expr) {
    /** How tests and the allow-list name it: {@code alert OtpRulesReloadFailing}. */
    public String where() {
      return kind + " " + name;
    }
  }

  private PrometheusFiles() {}

  public static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  public static JsonNode config() {
    return read(CONFIG);
  }

  /** The rule files prometheus.yml loads, resolved as Prometheus resolves them: beside it. */
  public static List<Path> ruleFiles() {
    List<Path> files = new ArrayList<>();
    config().path("rule_files").forEach(f -> files.add(DIR.resolve(f.asText())));
    return files;
  }

  /** The promtool unit-test files: every *.yml here with a {@code tests} list. */
  public static List<Path> testFiles() {
    try (Stream<Path> listing = Files.list(DIR)) {
      return listing
          .filter(f -> f.toString().endsWith(".yml"))
          .filter(f -> read(f).has("tests"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule of every rule file, in file order. */
  public static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    for (Path file : ruleFiles()) {
      for (JsonNode group : read(file).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          boolean alert = rule.has("alert");
          rules.add(
              new Rule(
                  file,
                  group.path("name").asText(),
                  alert ? "alert" : "record",
                  rule.path(alert ? "alert" : "record").asText(),
                  rule.path("expr").asText()));
        }
      }
    }
    return rules;
  }
}
