package dev.otpgateway.routing;

/** {@code not_in_region}: the region's rules have no entry (price, sender) for the provider. */
final class RegionMembershipFilter implements RuleFilter {
  @Override
  public ExclusionReason reason() {
    return ExclusionReason.NOT_IN_REGION;
  }

  @Override
  public String exclude(Region region, ProviderProfile provider, Channel channel) {
    if (region.providers().containsKey(provider.id())) {
      return null;
    }
    return provider.id() + " is not configured for region " + region.id();
  }
}
