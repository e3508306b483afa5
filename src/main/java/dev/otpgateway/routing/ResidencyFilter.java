package dev.otpgateway.routing;

/** {@code residency}: the region requires processing in a zone the provider does not offer. */
final class ResidencyFilter implements RuleFilter {
  @Override
  public ExclusionReason reason() {
    return ExclusionReason.RESIDENCY;
  }

  @Override
  public String exclude(Region region, ProviderProfile provider, Channel channel) {
    String zone = region.compliance().dataResidency();
    if (zone == null || provider.dataProcessingRegions().contains(zone)) {
      return null;
    }
    return "region "
        + region.id()
        + " requires processing in "
        + zone
        + "; "
        + provider.id()
        + " processes in "
        + String.join(", ", provider.dataProcessingRegions());
  }
}
