package dev.otpgateway.routing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of routing one message: whom to try in which order, who was left out and why, or why
 * the request is refused. Everything an auditor needs to see why a provider was chosen.
 *
 * @param region the region id the destination fell in
 * @param rulesVersion the {@link RuleSet#version()} that decided
 * @param candidates providers to try, in order; RCS candidates first, then SMS as fallback
 * @param exclusions every (provider, channel) not tried, with its reason, in provider order
 * @param refusal why the request is refused, or {@code null}; a refused decision has no candidates
 * @param why why the first candidate leads, or that none is available; null when refused
 * @param weights the weights that scored the candidates
 * @param weightsSource where they came from: {@code tenant <id>}, {@code region <id>} or {@code
 *     default}
 * @param baseline what the region's single-provider baseline would charge for the same message
 * @param explored whether this decision ranked by draws from the conversion posteriors (see {@link
 *     Exploration}) rather than by their means
 */
public record RouteDecision(
    String region,
    String rulesVersion,
    List<RouteCandidate> candidates,
    List<Exclusion> exclusions,
    Refusal refusal,
    RouteReason why,
    Weights weights,
    String weightsSource,
    Baseline baseline,
    boolean explored) {

  /** Copies the lists and rejects candidates on a refused decision. */
  public RouteDecision {
    candidates = List.copyOf(candidates);
    exclusions = List.copyOf(exclusions);
    if (refusal != null && !candidates.isEmpty()) {
      throw new IllegalArgumentException("a refused decision has no candidates");
    }
  }

  /** One human line saying why: the first candidate's {@link RouteReason}, or the refusal. */
  public String reason() {
    return refused() ? "refused (" + refusal.code().code() + "): " + refusal.detail() : why.text();
  }

  /**
   * Why the first candidate the caller did not skip leads. When it skipped candidates ranked ahead
   * of that one, the reason is judged among those left and says why the others were passed over;
   * otherwise, or when it skipped them all, it is {@link #why()}.
   *
   * @param skipped candidates of this decision the caller passed over, each with a {@link
   *     RouteReason.PassedOver#code()}, as {@link RecordedDecision#skipped()} keeps them
   */
  public RouteReason whyAfterSkipping(List<RecordedDecision.Left> skipped) {
    if (skipped.isEmpty()) {
      return why;
    }
    List<RouteCandidate> left = new ArrayList<>(candidates.size());
    Set<RouteReason.PassedOver> ahead = EnumSet.noneOf(RouteReason.PassedOver.class);
    for (RouteCandidate c : candidates) {
      String reason = null;
      for (RecordedDecision.Left s : skipped) {
        if (s.provider().equals(c.provider()) && s.channel() == c.channel()) {
          reason = s.reason();
        }
      }
      if (reason == null) {
        left.add(c);
      } else if (left.isEmpty()) {
        ahead.add(RouteReason.PassedOver.of(reason));
      }
    }
    return left.isEmpty() || ahead.isEmpty() ? why : RouteReason.of(region, left, explored, ahead);
  }

  /** Whether the request is refused (see {@link #refusal()}). */
  public boolean refused() {
    return refusal != null;
  }
}
