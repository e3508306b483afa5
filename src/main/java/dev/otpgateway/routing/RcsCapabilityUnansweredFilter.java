package dev.otpgateway.routing;

/**
 * {@code rcs_capability_unanswered}: RCS, but the capability check got no answer, so the handset
 * may or may not take it. The message goes by SMS, and the record says why without claiming the
 * handset cannot take RCS.
 */
final class RcsCapabilityUnansweredFilter implements RequestFilter {
  @Override
  public ExclusionReason reason() {
    return ExclusionReason.RCS_CAPABILITY_UNANSWERED;
  }

  @Override
  public String exclude(Lane lane, RouteRequest request, ProviderStatus status) {
    if (lane.channel() != Channel.RCS || request.rcsCapability() != RcsCapability.UNANSWERED) {
      return null;
    }
    return "RBM did not answer whether the handset takes RCS (a timeout, an error, or its breaker"
        + " open)";
  }
}
