package dev.otpgateway.api;

import dev.otpgateway.routing.ConversionEstimate;
import dev.otpgateway.routing.Exclusion;
import dev.otpgateway.routing.ExclusionReason;
import dev.otpgateway.routing.RankReasons;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.RouteCandidate;
import dev.otpgateway.routing.RouteDecision;
import dev.otpgateway.routing.RouteReason;
import dev.otpgateway.routing.RulesProblem;
import dev.otpgateway.routing.ScoreBreakdown;
import dev.otpgateway.routing.Weights;
import dev.otpgateway.verification.RulesInForce;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** How routing decisions and rules appear in responses. */
final class RoutingViews {
  private RoutingViews() {}

  record DecisionView(
      String region,
      String rulesVersion,
      String reason,
      RefusalView refusal,
      List<CandidateView> candidates,
      List<ExclusionView> exclusions,
      Weights weights,
      String weightsSource,
      BaselineView baseline,
      String qualityFrom) {}

  record RefusalView(String code, String detail) {}

  record CandidateView(
      String provider,
      String channel,
      String senderId,
      String unitPriceUsd,
      String estimatedCostUsd,
      long expectedLatencyMs,
      double carbonGrams,
      double successEstimate,
      ConversionView conversion,
      long deliveryTimeoutMs,
      ScoreBreakdown score,
      String why) {}

  /**
   * @param estimate the posterior mean share of codes approved on this route
   * @param approved effective approvals seen on the route
   * @param sends effective sends seen on the route (its sample size)
   * @param prior where the estimate starts without evidence
   */
  record ConversionView(double estimate, double approved, double sends, double prior) {}

  record ExclusionView(String provider, String channel, String reason, String detail) {}

  record BaselineView(String provider, String unitPriceUsd, String estimatedCostUsd) {}

  /**
   * @param available providers with an adapter: a candidate the rules would choose but that has
   *     none is shown as excluded, {@code not_configured}
   */
  static DecisionView decision(RouteDecision d, Set<String> available) {
    List<CandidateView> candidates = new ArrayList<>();
    List<RecordedDecision.Left> notConfigured = new ArrayList<>();
    List<ExclusionView> exclusions = new ArrayList<>();
    List<String> why = RankReasons.of(d);
    boolean byConversions = false;
    for (int i = 0; i < d.candidates().size(); i++) {
      RouteCandidate c = d.candidates().get(i);
      ConversionEstimate e = c.conversion();
      byConversions |= e != null;
      if (!available.contains(c.provider())) {
        exclusions.add(
            new ExclusionView(
                c.provider(),
                c.channel().id(),
                ExclusionReason.NOT_CONFIGURED.code(),
                c.provider() + " has no credentials on this gateway"));
        notConfigured.add(
            new RecordedDecision.Left(
                c.provider(), c.channel(), RouteReason.PassedOver.NOT_CONFIGURED.code()));
        continue;
      }
      candidates.add(
          new CandidateView(
              c.provider(),
              c.channel().id(),
              c.senderId(),
              c.unitPriceUsd().toPlainString(),
              c.estimatedCostUsd().toPlainString(),
              c.expectedLatencyMs(),
              c.carbonGrams(),
              c.successEstimate(),
              e == null
                  ? null
                  : new ConversionView(e.mean(), e.approved(), e.sends(), e.priorMean()),
              c.deliveryTimeout().toMillis(),
              c.score(),
              why.get(i)));
    }
    for (Exclusion e : d.exclusions()) {
      exclusions.add(
          new ExclusionView(e.provider(), e.channel().id(), e.reason().code(), e.detail()));
    }
    return new DecisionView(
        d.region(),
        d.rulesVersion(),
        // The first candidate shown, as a start's route describes the provider it sends through:
        // not one ranked ahead of it that has no adapter here.
        d.refused() ? d.reason() : d.whyAfterSkipping(notConfigured).text(),
        d.refused() ? new RefusalView(d.refusal().code().code(), d.refusal().detail()) : null,
        candidates,
        exclusions,
        d.weights(),
        d.weightsSource(),
        d.baseline() == null
            ? null
            : new BaselineView(
                d.baseline().provider(),
                d.baseline().unitPriceUsd().toPlainString(),
                d.baseline().estimatedCostUsd().toPlainString()),
        d.candidates().isEmpty() ? null : byConversions ? "conversions" : "receipts");
  }

  record RulesView(
      String version,
      String loadedAt,
      String dir,
      List<String> sourceFiles,
      String baselineProvider,
      List<String> providers,
      List<String> regions) {}

  static RulesView rules(RulesInForce.Loaded loaded, String dir) {
    return new RulesView(
        loaded.rules().version(),
        loaded.loadedAt().toString(),
        dir,
        loaded.rules().sourceFiles(),
        loaded.rules().baselineProvider(),
        List.copyOf(loaded.rules().providers().keySet()),
        List.copyOf(loaded.rules().regions().keySet()));
  }

  record ProblemView(String file, int line, String message) {}

  static List<ProblemView> problems(List<RulesProblem> problems) {
    return problems.stream().map(p -> new ProblemView(p.file(), p.line(), p.message())).toList();
  }
}
