package dev.otpgateway.routing;

/**
 * A hard constraint that depends on the rules alone. Evaluated once per region and lane when the
 * rules load (so {@code decide} only copies the result), and by the loader to reject a region where
 * no provider could carry a channel it allows.
 */
interface RuleFilter {
  /** The code this filter excludes with. */
  ExclusionReason reason();

  /**
   * Why {@code provider} cannot carry {@code channel} in {@code region}, or {@code null} if this
   * filter lets it through. Earlier filters have already passed.
   */
  String exclude(Region region, ProviderProfile provider, Channel channel);

  /** The rule filters in the order they apply; the first that excludes gives the reason. */
  static RuleFilter[] inOrder() {
    return new RuleFilter[] {
      new ChannelSupportFilter(),
      new RegionMembershipFilter(),
      new ResidencyFilter(),
      new SenderRegistrationFilter()
    };
  }
}
