package dev.otpgateway.verification;

import dev.otpgateway.delivery.Candidate;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.RouteReason;
import java.math.BigDecimal;
import java.util.List;

/**
 * The route for one send: where the number is, which rules decided, the candidates in order, and,
 * when the rules refuse the message, why.
 *
 * @param reason why the first candidate leads; null when the rules refuse the message
 * @param refusal a refusal code ({@code consent_required}, {@code sms_not_permitted_for_risk},
 *     {@code country_not_permitted}), or null
 * @param baselineUsd what the single-provider baseline would charge for the same message
 * @param decision the decision with every input, as the ledger records it
 */
public record RoutePlan(
    String region,
    String rulesVersion,
    RouteReason reason,
    List<Candidate> candidates,
    String refusal,
    String refusalDetail,
    BigDecimal baselineUsd,
    RecordedDecision decision) {
  public RoutePlan {
    candidates = List.copyOf(candidates);
  }

  public boolean refused() {
    return refusal != null;
  }

  /** The route a verification records for a send along this plan. */
  public Verification.Route route() {
    return new Verification.Route(rulesVersion, reason);
  }
}
