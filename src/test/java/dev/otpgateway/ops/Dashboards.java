package dev.otpgateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Grafana dashboards docker-compose provisions ({@code grafana/dashboards/*.json}), read as the
 * JSON they are: dashboards, their panels (rows unfolded), each panel's queries, and the template
 * variables. No Grafana here: this only reads what the files say.
 */
public final class Dashboards {
  public static final Path DIR = Path.of("grafana", "dashboards");
  public static final Path DATASOURCES = Path.of("grafana", "provisioning", "datasources");

  /** {@code $name}, {@code ${name}}, {@code ${name:format}} and the old {@code [[name]]}. */
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[^]]*)?]]");

  private static final ObjectMapper JSON = new ObjectMapper();

  public record Dashboard(Path file, JsonNode json) {
    public String uid() {
      return json.path("uid").asText();
    }

    /** Every panel, with the panels of rows (collapsed or not) in place of the row. */
    public List<Panel> panels() {
      List<Panel> panels = new ArrayList<>();
      for (JsonNode panel : json.path("panels")) {
        panels.add(new Panel(this, panel));
        for (JsonNode inRow : panel.path("panels")) {
          panels.add(new Panel(this, inRow));
        }
      }
      return panels;
    }

    public List<JsonNode> variables() {
      List<JsonNode> variables = new ArrayList<>();
      json.path("templating").path("list").forEach(variables::add);
      return variables;
    }
  }

  public record Panel(Dashboard dashboard, JsonNode json) {
    public String title() {
      return json.path("title").asText("");
    }

    public String type() {
      return json.path("type").asText();
    }

    public String unit() {
      return json.path("fieldConfig").path("defaults").path("unit").asText("");
    }

    /** Rows and text panels show no query, so they need no data source and no unit. */
    public boolean showsData() {
      return !Set.of("row", "text", "news", "dashlist").contains(type());
    }

    public JsonNode datasource() {
      return json.path("datasource");
    }

    public List<Target> targets() {
      List<Target> targets = new ArrayList<>();
      json.path("targets").forEach(t -> targets.add(new Target(this, t)));
      return targets;
    }

    public String where() {
      return "panel \"" + title() + "\" (" + dashboard.uid() + ")";
    }
  }

  /** One query of a panel: PromQL ({@code expr}) or SQL ({@code rawSql}). */
  public record Target(Panel panel, JsonNode json) {
    /** The target's own data source, else its panel's. */
    public JsonNode datasource() {
      return json.has("datasource") ? json.path("datasource") : panel.datasource();
    }

    public String datasourceType() {
      return datasource().path("type").asText();
    }

    /** The query text, whatever the data source's language. */
    public String query() {
      return json.has("expr") ? json.path("expr").asText() : json.path("rawSql").asText("");
    }

    /** How tests and the allow-list name it: {@code panel "Failovers" (otp-operations) A}. */
    public String where() {
      return panel.where() + " " + json.path("refId").asText();
    }
  }

  private Dashboards() {}

  public static List<Dashboard> all() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .filter(f -> f.toString().endsWith(".json"))
          .sorted()
          .map(f -> new Dashboard(f, readJson(f)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every data source the provisioning files declare. */
  public static List<JsonNode> provisionedDatasources() {
    List<JsonNode> datasources = new ArrayList<>();
    try (Stream<Path> files = Files.list(DATASOURCES)) {
      for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
        PrometheusFiles.read(file).path("datasources").forEach(datasources::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return datasources;
  }

  /** The template variables a text refers to, in order; Grafana's own ({@code $__...}) too. */
  public static Set<String> variablesIn(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      for (int group = 1; group <= 3; group++) {
        if (m.group(group) != null) {
          names.add(m.group(group));
        }
      }
    }
    return names;
  }

  /**
   * The text with every template variable replaced by its value; a variable with no value fails,
   * naming it, so a query is never run with a {@code $} left in it.
   */
  public static String substitute(String text, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("no value for $" + name + " in " + text);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }
}
