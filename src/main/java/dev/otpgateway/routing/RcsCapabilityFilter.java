package dev.otpgateway.routing;

/** {@code not_rcs_capable}: RCS, but the capability check said the handset cannot take it. */
final class RcsCapabilityFilter implements RequestFilter {
  @Override
  public ExclusionReason reason() {
    return ExclusionReason.NOT_RCS_CAPABLE;
  }

  @Override
  public String exclude(Lane lane, RouteRequest request, ProviderStatus status) {
    if (lane.channel() != Channel.RCS || request.rcsCapability() != RcsCapability.NOT_CAPABLE) {
      return null;
    }
    return "the handset is not RCS-capable";
  }
}
