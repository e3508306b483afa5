package dev.otpgateway.routing;

/**
 * {@code sender_not_registered}: the region (e.g. India's DLT) drops messages whose sender and
 * template are not registered, so an unregistered provider would take the money and deliver
 * nothing.
 */
final class SenderRegistrationFilter implements RuleFilter {
  @Override
  public ExclusionReason reason() {
    return ExclusionReason.SENDER_NOT_REGISTERED;
  }

  @Override
  public String exclude(Region region, ProviderProfile provider, Channel channel) {
    if (!region.compliance().senderRegistrationRequired()) {
      return null;
    }
    ProviderRoute route = region.providers().get(provider.id());
    if (route.isRegistered()) {
      return null;
    }
    String missing =
        !route.senderRegistered()
            ? "sender " + route.senderId() + " is not registered"
            : "no registered template_id";
    return "region " + region.id() + " requires a registered sender and template; " + missing;
  }
}
