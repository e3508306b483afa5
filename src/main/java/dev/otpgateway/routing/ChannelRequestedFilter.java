package dev.otpgateway.routing;

/** {@code channel_not_requested}: the request asked for SMS only or RCS only. */
final class ChannelRequestedFilter implements RequestFilter {
  @Override
  public ExclusionReason reason() {
    return ExclusionReason.CHANNEL_NOT_REQUESTED;
  }

  @Override
  public String exclude(Lane lane, RouteRequest request, ProviderStatus status) {
    if (request.channel().accepts(lane.channel())) {
      return null;
    }
    return request.channel() == ChannelPreference.SMS
        ? "the request asked for sms only"
        : "the request asked for rcs only";
  }
}
