package dev.otpgateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why each candidate of a decision ranks where it does, in one line each: the first on its channel
 * has the lowest score; every other one is told how far behind the one before it is, and by which
 * score parts; the quality part names what it came from (conversions, with their sample size and
 * prior, or receipts).
 */
public final class RankReasons {
  private RankReasons() {}

  /** One line per candidate, in the decision's order. */
  public static List<String> of(RouteDecision d) {
    List<String> out = new ArrayList<>(d.candidates().size());
    RouteCandidate previous = null;
    int rank = 0;
    for (RouteCandidate c : d.candidates()) {
      boolean newChannel = previous == null || previous.channel() != c.channel();
      rank = newChannel ? 1 : rank + 1;
      StringBuilder line = new StringBuilder();
      if (newChannel) {
        line.append(
            String.format(
                Locale.ROOT,
                "first on %s: lowest score %.4f",
                c.channel().id(),
                c.score().total()));
        if (previous != null) {
          line.append(" (").append(previous.channel().id()).append(" goes first when possible)");
        }
      } else {
        line.append(
            String.format(
                Locale.ROOT,
                "#%d on %s: %.4f behind %s (%s)",
                rank,
                c.channel().id(),
                c.score().total() - previous.score().total(),
                previous.provider(),
                partsBehind(c.score(), previous.score())));
      }
      line.append("; quality from ").append(qualitySource(c));
      if (d.explored() && c.conversion() != null) {
        line.append(
            String.format(
                Locale.ROOT, "; this decision explored: drawn %.3f", c.conversion().scored()));
      }
      out.add(line.toString());
      previous = c;
    }
    return out;
  }

  private static String partsBehind(ScoreBreakdown c, ScoreBreakdown before) {
    List<String> parts = new ArrayList<>(4);
    part(parts, "cost", c.cost() - before.cost());
    part(parts, "latency", c.latency() - before.latency());
    part(parts, "carbon", c.carbon() - before.carbon());
    part(parts, "quality", c.quality() - before.quality());
    return parts.isEmpty() ? "equal parts; ordered by provider name" : String.join(", ", parts);
  }

  private static void part(List<String> parts, String name, double delta) {
    if (Math.abs(delta) >= 0.00005) {
      parts.add(String.format(Locale.ROOT, "%s %+.4f", name, delta));
    }
  }

  private static String qualitySource(RouteCandidate c) {
    ConversionEstimate e = c.conversion();
    if (e == null) {
      return String.format(
          Locale.ROOT, "delivery receipts, %.1f%% delivered", c.successEstimate() * 100);
    }
    return String.format(
        Locale.ROOT,
        "conversions, %.1f%% approved (%.0f of %.0f effective sends, prior %.1f%%)",
        e.mean() * 100,
        e.approved(),
        e.sends(),
        e.priorMean() * 100);
  }
}
