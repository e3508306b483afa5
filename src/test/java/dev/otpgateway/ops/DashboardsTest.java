package dev.otpgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpgateway.ops.Dashboards.Dashboard;
import dev.otpgateway.ops.Dashboards.Panel;
import dev.otpgateway.ops.Dashboards.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards, held to what Grafana needs and what their readers expect: each panel's
 * data source is one the provisioning declares, each template variable used is defined, each panel
 * has a title and a unit, money is in dollars and carbon in grams. Each test lists every offence at
 * once. PromQL itself is run against a real Prometheus by PrometheusQueriesIT.
 */
class DashboardsTest {
  /** A money quantity: a metric or column whose name says USD. */
  private static final Pattern MONEY = Pattern.compile("(?i)[a-z0-9_]*usd[a-z0-9_]*");

  /** A carbon quantity: a metric or column of grams of CO2e. */
  private static final Pattern CARBON = Pattern.compile("(?i)[a-z0-9_]*(carbon|grams)[a-z0-9_]*");

  /** A ratio of two money (or carbon) figures is a share, not an amount. */
  private static final Set<String> RATIO_UNITS = Set.of("percentunit", "percent");

  private static final List<Dashboard> DASHBOARDS = Dashboards.all();

  private static List<Panel> dataPanels() {
    return DASHBOARDS.stream().flatMap(d -> d.panels().stream()).filter(Panel::showsData).toList();
  }

  private static Map<String, String> variableTypes(Dashboard dashboard) {
    return dashboard.variables().stream()
        .collect(
            Collectors.toMap(v -> v.path("name").asText(), v -> v.path("type").asText("custom")));
  }

  @Test
  void the_dashboards_are_there_with_unique_uids_and_panel_ids() {
    assertThat(DASHBOARDS)
        .extracting(Dashboard::uid)
        .contains("otp-operations", "otp-finance")
        .doesNotHaveDuplicates();
    for (Dashboard dashboard : DASHBOARDS) {
      assertThat(dashboard.panels())
          .as("panel ids of %s", dashboard.uid())
          .extracting(p -> p.json().path("id").asInt())
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void every_panel_and_variable_reads_a_provisioned_datasource() {
    List<JsonNode> provisioned = Dashboards.provisionedDatasources();
    assertThat(provisioned).isNotEmpty();
    List<String> offences = new ArrayList<>();
    for (Dashboard dashboard : DASHBOARDS) {
      Map<String, String> variables = variableTypes(dashboard);
      for (Panel panel : dashboard.panels()) {
        if (!panel.showsData()) {
          continue;
        }
        for (Target target : panel.targets()) {
          String problem = datasourceProblem(target.datasource(), provisioned, variables);
          if (problem != null) {
            offences.add(target.where() + ": " + problem);
          }
        }
        if (panel.targets().isEmpty()) {
          offences.add(panel.where() + ": no query");
        }
      }
      for (JsonNode variable : dashboard.variables()) {
        if (variable.path("type").asText().equals("query")) {
          String problem = datasourceProblem(variable.path("datasource"), provisioned, variables);
          if (problem != null) {
            offences.add("variable $" + variable.path("name").asText() + ": " + problem);
          }
        }
      }
    }

    assertThat(offences).isEmpty();
  }

  /** Why a data source reference names nothing provisioned, or null when it does. */
  private static String datasourceProblem(
      JsonNode reference, List<JsonNode> provisioned, Map<String, String> variables) {
    if (!reference.isObject() || reference.path("uid").asText().isEmpty()) {
      return "names no data source by uid (Grafana would pick its default): " + reference;
    }
    String uid = reference.path("uid").asText();
    Set<String> viaVariable = Dashboards.variablesIn(uid);
    if (!viaVariable.isEmpty()) {
      String name = viaVariable.iterator().next();
      return "datasource".equals(variables.get(name))
          ? null
          : "data source variable $" + name + " is not a defined datasource variable";
    }
    for (JsonNode datasource : provisioned) {
      if (datasource.path("uid").asText().equals(uid)) {
        String type = reference.path("type").asText(datasource.path("type").asText());
        return type.equals(datasource.path("type").asText())
            ? null
            : "data source " + uid + " is a " + datasource.path("type").asText() + ", not " + type;
      }
    }
    return "no provisioned data source has uid " + uid;
  }

  @Test
  void every_template_variable_used_is_defined() {
    List<String> offences = new ArrayList<>();
    for (Dashboard dashboard : DASHBOARDS) {
      Set<String> defined = new HashSet<>(variableTypes(dashboard).keySet());
      for (Panel panel : dashboard.panels()) {
        List<String> texts = new ArrayList<>(List.of(panel.title(), panel.datasource().toString()));
        for (Target target : panel.targets()) {
          texts.add(target.query());
          texts.add(target.json().path("legendFormat").asText(""));
          texts.add(target.datasource().toString());
        }
        for (String text : texts) {
          for (String name : Dashboards.variablesIn(text)) {
            // $__rate_interval, $__range, $__timeFilter(...): Grafana's own, always defined.
            if (!name.startsWith("__") && !defined.contains(name)) {
              offences.add(panel.where() + " uses $" + name + ", which is not defined");
            }
          }
        }
      }
    }

    assertThat(offences).isEmpty();
  }

  @Test
  void every_panel_has_a_title_and_a_unit() {
    List<String> offences = new ArrayList<>();
    for (Panel panel : dataPanels()) {
      if (panel.title().isBlank()) {
        offences.add(panel.where() + " has no title");
      }
      if (panel.unit().isBlank()) {
        offences.add(panel.where() + " has no unit (fieldConfig.defaults.unit)");
      }
    }

    assertThat(dataPanels()).hasSizeGreaterThan(10);
    assertThat(offences).isEmpty();
  }

  @Test
  void money_is_in_dollars_and_carbon_in_grams() {
    List<String> offences = new ArrayList<>();
    int money = 0;
    int carbon = 0;
    for (Panel panel : dataPanels()) {
      String queries =
          panel.targets().stream().map(Target::query).collect(Collectors.joining("\n"));
      if (RATIO_UNITS.contains(panel.unit())) {
        continue;
      }
      if (MONEY.matcher(queries).find()) {
        money++;
        if (!panel.unit().equals("currencyUSD")) {
          offences.add(panel.where() + " shows money in " + panel.unit() + ", not currencyUSD");
        }
      } else if (CARBON.matcher(queries).find()) {
        carbon++;
        if (!panel.unit().equals("massg")) {
          offences.add(panel.where() + " shows carbon in " + panel.unit() + ", not grams (massg)");
        }
      }
    }

    assertThat(money).as("money panels").isPositive();
    assertThat(carbon).as("carbon panels").isPositive();
    assertThat(offences).isEmpty();
  }
}
