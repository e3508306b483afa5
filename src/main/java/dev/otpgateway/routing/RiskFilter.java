package dev.otpgateway.routing;

/**
 * {@code sms_not_permitted_for_risk}: the region does not accept SMS as the factor for this risk
 * level (PSD3 wants more than SMS for a high-risk payment in the EU).
 */
final class RiskFilter implements RequestFilter {
  @Override
  public ExclusionReason reason() {
    return ExclusionReason.SMS_NOT_PERMITTED_FOR_RISK;
  }

  @Override
  public String exclude(Lane lane, RouteRequest request, ProviderStatus status) {
    if (lane.channel() != Channel.SMS
        || lane.region().compliance().smsAllowedForRisk().contains(request.risk())) {
      return null;
    }
    return "region "
        + lane.region().id()
        + " does not accept sms for "
        + request.risk().id()
        + "-risk codes";
  }
}
