package dev.otpgateway.routing;

/**
 * {@code not_configured}: RCS, but the gateway has no RBM adapter, so nobody asked whether the
 * handset takes RCS. The message goes by SMS, and the record says why without claiming anything
 * about the handset.
 */
final class RcsNotConfiguredFilter implements RequestFilter {
  @Override
  public ExclusionReason reason() {
    return ExclusionReason.NOT_CONFIGURED;
  }

  @Override
  public String exclude(Lane lane, RouteRequest request, ProviderStatus status) {
    if (lane.channel() != Channel.RCS || request.rcsCapability() != RcsCapability.NO_ADAPTER) {
      return null;
    }
    return lane.providerId()
        + " has no credentials on this gateway, so nobody asked whether the handset takes RCS";
  }
}
