package dev.otpgateway.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every PromQL expression the operations kit ships, where it comes from, and what it reads: the
 * expressions of the rule files prometheus.yml loads, and the Prometheus queries of the Grafana
 * dashboards (with their template variables still in them).
 */
public final class PromQl {
  /** A vector selector of one of our metrics: a name, then maybe label matchers, not a call. */
  private static final Pattern SELECTOR =
      Pattern.compile(
          "(?<![\\w:\"])((?:otp|jvm|process)_[a-zA-Z0-9_:]*|up)\\b(?!\\s*\\()(\\s*\\{([^}]*)})?");

  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

  /**
   * One expression: {@code where} names it as the allow-list does; {@code dashboard} is the uid of
   * the dashboard whose template variables it may use, null for a rule.
   */
  public record Query(String where, String expr, String dashboard) {}

  /** A selector as written, its metric, and the label names it requires to be present. */
  public record Selector(String text, String metric, Set<String> labels) {}

  private PromQl() {}

  /** Every expression of every rule file, then every Prometheus query of every dashboard. */
  public static List<Query> all() {
    List<Query> queries = new ArrayList<>();
    for (PrometheusFiles.Rule rule : PrometheusFiles.rules()) {
      queries.add(new Query(rule.where(), rule.expr(), null));
    }
    for (Dashboards.Dashboard dashboard : Dashboards.all()) {
      for (Dashboards.Panel panel : dashboard.panels()) {
        for (Dashboards.Target target : panel.targets()) {
          if (target.datasourceType().equals("prometheus")) {
            queries.add(new Query(target.where(), target.query(), dashboard.uid()));
          }
        }
      }
    }
    return queries;
  }

  /** The selectors of our metrics in an expression. */
  public static List<Selector> selectors(String expr) {
    List<Selector> selectors = new ArrayList<>();
    Matcher m = SELECTOR.matcher(expr);
    while (m.find()) {
      Set<String> labels = new LinkedHashSet<>();
      if (m.group(3) != null) {
        Matcher matcher = MATCHER.matcher(m.group(3));
        while (matcher.find()) {
          // A label that must match something must exist; "!=" and "" may match its absence.
          boolean requiresPresence =
              (matcher.group(2).equals("=") || matcher.group(2).equals("=~"))
                  && !matcher.group(3).isEmpty()
                  && !matcher.group(3).equals(".*");
          if (requiresPresence) {
            labels.add(matcher.group(1));
          }
        }
      }
      selectors.add(new Selector(m.group(), m.group(1), labels));
    }
    return selectors;
  }

  /** The label names an expression groups or matches by: by (...), on (...), and the like. */
  public static Set<String> groupingLabels(String expr) {
    Set<String> labels = new LinkedHashSet<>();
    Matcher m = GROUPING.matcher(expr);
    while (m.find()) {
      for (String label : m.group(1).split(",")) {
        if (!label.isBlank()) {
          labels.add(label.strip());
        }
      }
    }
    return labels;
  }
}
