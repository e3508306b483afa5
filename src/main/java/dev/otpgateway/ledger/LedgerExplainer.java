package dev.otpgateway.ledger;

import dev.otpgateway.routing.Exclusion;
import dev.otpgateway.routing.RankReasons;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.RouteCandidate;
import dev.otpgateway.routing.RouteDecider;
import dev.otpgateway.routing.RouteDecision;
import dev.otpgateway.routing.RouteReason;
import dev.otpgateway.routing.RuleSet;
import dev.otpgateway.routing.RulesException;
import dev.otpgateway.routing.RulesLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ledger explain}: a verification's story from the ledger alone. Every routing decision it
 * recorded is re-run from the rules version the ledger holds and the inputs the entry recorded, and
 * compared with what was recorded; the auditor sees why each provider was chosen or left out, with
 * the score of each candidate, months later and without the live system.
 */
public final class LedgerExplainer {
  private LedgerExplainer() {}

  /** A verification explained: the lines to print, and whether every decision re-ran the same. */
  public record Explanation(List<String> lines, boolean found, boolean allMatch) {}

  public static Explanation explain(LedgerStore store, String verificationId) {
    List<LedgerEntry> entries = store.entriesOf(verificationId);
    List<String> out = new ArrayList<>();
    if (entries.isEmpty()) {
      out.add("the ledger has no entry for " + verificationId);
      return new Explanation(out, false, false);
    }
    Map<String, RuleSet> rulesByVersion = new HashMap<>();
    boolean allMatch = true;
    out.add(verificationId + " (tenant " + entries.get(0).body().get("tenant") + ")");
    for (LedgerEntry e : entries) {
      out.add("  " + summary(e));
      Object decision = e.body().get("decision");
      if (!(decision instanceof Map<?, ?> recordedMap)) {
        continue;
      }
      @SuppressWarnings("unchecked")
      RecordedDecision recorded = EntryFormat.decision((Map<String, Object>) recordedMap);
      RuleSet rules =
          rulesByVersion.computeIfAbsent(recorded.rulesVersion(), v -> rulesOf(store, v, out));
      if (rules == null) {
        allMatch = false;
        continue;
      }
      RouteDecision rerun =
          new RouteDecider(rules)
              .decide(
                  recorded.request(),
                  recorded.providerHealth(),
                  recorded.monthlyVolumes(),
                  recorded.conversionSnapshot(),
                  recorded.exploration());
      describe(rerun, recorded, out);
      List<String> differences = recorded.differencesFrom(rerun);
      if (differences.isEmpty()) {
        out.add("      re-run from the ledger: the same decision");
      } else {
        allMatch = false;
        differences.forEach(d -> out.add("      re-run differs: " + d));
      }
    }
    return new Explanation(out, true, allMatch);
  }

  /** The rules of a version, rebuilt from the documents the ledger holds, their version checked. */
  private static RuleSet rulesOf(LedgerStore store, String version, List<String> out) {
    LedgerEntry entry = store.rules(version);
    if (entry == null) {
      out.add("      the ledger holds no rules entry for " + version + ": cannot re-run");
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> detail = (Map<String, Object>) entry.body().get("detail");
    @SuppressWarnings("unchecked")
    Map<String, String> documents = (Map<String, String>) detail.get("documents");
    try {
      RuleSet rules = RulesLoader.fromDocuments(documents);
      if (!rules.version().equals(version) || !rules.canonical().equals(detail.get("canonical"))) {
        out.add("      the rules documents recorded for " + version + " build " + rules.version());
        return null;
      }
      return rules;
    } catch (RulesException ex) {
      out.add(
          "      the rules documents recorded for " + version + " do not load: " + ex.problems());
      return null;
    }
  }

  private static String summary(LedgerEntry e) {
    Map<String, Object> b = e.body();
    StringBuilder s = new StringBuilder();
    s.append(b.get("time")).append(' ').append(e.kind());
    for (String field : List.of("provider", "channel", "outcome", "price_usd", "region")) {
      if (b.get(field) != null) {
        s.append(' ').append(field).append('=').append(b.get(field));
      }
    }
    return s.toString();
  }

  private static void describe(RouteDecision d, RecordedDecision recorded, List<String> out) {
    out.add(
        "      rules "
            + d.rulesVersion()
            + ", region "
            + d.region()
            + ", weights "
            + d.weightsSource()
            + ": "
            + d.reason());
    List<String> why = RankReasons.of(d);
    int rank = 1;
    for (RouteCandidate c : d.candidates()) {
      out.add(
          String.format(
              "      %d. %s %s score %.4f (cost %.4f, latency %.4f, carbon %.4f, quality %.4f),"
                  + " %s USD",
              rank++,
              c.provider(),
              c.channel().id(),
              c.score().total(),
              c.score().cost(),
              c.score().latency(),
              c.score().carbon(),
              c.score().quality(),
              c.estimatedCostUsd().toPlainString()));
      out.add("         " + why.get(rank - 2));
    }
    for (Exclusion x : d.exclusions()) {
      out.add(
          "      excluded "
              + x.provider()
              + " "
              + x.channel().id()
              + ": "
              + x.reason().code()
              + " ("
              + x.detail()
              + ")");
    }
    for (RecordedDecision.Left skipped : recorded.skipped()) {
      out.add(
          "      not tried "
              + skipped.provider()
              + " "
              + skipped.channel().id()
              + ": "
              + skipped.reason());
    }
    RouteReason route = d.whyAfterSkipping(recorded.skipped());
    if (route != d.why()) {
      // What the verification's route said: the provider sent through, not one passed over.
      out.add("      route recorded: " + route.text());
    }
    if (d.refused()) {
      out.add("      refused: " + d.refusal().code().code() + " (" + d.refusal().detail() + ")");
    }
  }
}
