package dev.otpgateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link RouteDecision} as plain text for a terminal ({@code rules explain}): the reason,
 * the candidates with their score parts, the exclusions with their reasons, and any refusal.
 */
public final class DecisionTable {
  private DecisionTable() {}

  /** The decision as aligned plain-text tables, ending with a newline. */
  public static String render(RouteDecision d) {
    StringBuilder out = new StringBuilder(1024);
    out.append("region:   ").append(d.region()).append('\n');
    out.append("rules:    ").append(d.rulesVersion()).append('\n');
    out.append("weights:  ")
        .append(
            String.format(
                Locale.ROOT,
                "cost %s, latency %s, carbon %s, quality %s (%s)",
                plain(d.weights().cost()),
                plain(d.weights().latency()),
                plain(d.weights().carbon()),
                plain(d.weights().quality()),
                d.weightsSource()))
        .append('\n');
    out.append("reason:   ").append(d.reason()).append('\n');
    if (d.refused()) {
      out.append("REFUSED:  ")
          .append(d.refusal().code().code())
          .append(": ")
          .append(d.refusal().detail())
          .append('\n');
    }
    out.append('\n');
    if (d.candidates().isEmpty()) {
      out.append("candidates: none\n");
    } else {
      out.append(
          "candidates (tried in this order; score = sum of weighted parts, lower is better)\n");
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {
            "#",
            "provider",
            "channel",
            "score",
            "cost",
            "latency",
            "carbon",
            "quality",
            "USD/unit",
            "USD est.",
            "exp. ms",
            "g CO2e",
            "success",
            "timeout",
            "sender"
          });
      int n = 1;
      for (RouteCandidate c : d.candidates()) {
        ScoreBreakdown s = c.score();
        rows.add(
            new String[] {
              Integer.toString(n++),
              c.provider(),
              c.channel().id(),
              fixed(s.total()),
              fixed(s.cost()),
              fixed(s.latency()),
              fixed(s.carbon()),
              fixed(s.quality()),
              c.unitPriceUsd().toPlainString(),
              c.estimatedCostUsd().toPlainString(),
              Long.toString(c.expectedLatencyMs()),
              String.format(Locale.ROOT, "%.3f", c.carbonGrams()),
              String.format(Locale.ROOT, "%.1f%%", c.successEstimate() * 100),
              c.deliveryTimeout().toMillis() / 1000.0 + " s",
              c.senderId()
            });
      }
      table(rows, out);
    }
    out.append('\n');
    if (d.exclusions().isEmpty()) {
      out.append("excluded: none\n");
    } else {
      out.append("excluded\n");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"provider", "channel", "reason", "detail"});
      for (Exclusion e : d.exclusions()) {
        rows.add(new String[] {e.provider(), e.channel().id(), e.reason().code(), e.detail()});
      }
      table(rows, out);
    }
    out.append('\n');
    out.append("baseline: ")
        .append(d.baseline().provider())
        .append(' ')
        .append(d.baseline().estimatedCostUsd().toPlainString())
        .append(' ')
        .append(d.baseline().currency())
        .append(" for the same message\n");
    return out.toString();
  }

  private static void table(List<String[]> rows, StringBuilder out) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(width[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
