package dev.otpgateway.routing;

/**
 * {@code channel_unsupported}: the region does not allow this channel (e.g. RCS outside the US).
 */
final class ChannelSupportFilter implements RuleFilter {
  @Override
  public ExclusionReason reason() {
    return ExclusionReason.CHANNEL_UNSUPPORTED;
  }

  @Override
  public String exclude(Region region, ProviderProfile provider, Channel channel) {
    if (region.channels().contains(channel)) {
      return null;
    }
    return "region " + region.id() + " does not allow " + channel.id();
  }
}
