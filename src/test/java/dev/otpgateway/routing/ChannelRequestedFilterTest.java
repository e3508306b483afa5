package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.lane;
import static dev.otpgateway.routing.TableRules.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelRequestedFilterTest {
  private final RequestFilter filter = new ChannelRequestedFilter();
  private final Lane sms = lane("US", "twilio", Channel.SMS);
  private final Lane rcs = lane("US", "rbm", Channel.RCS);

  @Test
  void excludes_rcs_when_sms_was_asked_for() {
    assertThat(filter.reason()).isEqualTo(ExclusionReason.CHANNEL_NOT_REQUESTED);
    RouteRequest smsOnly = request("US", Risk.LOW, ChannelPreference.SMS, true);
    assertThat(filter.exclude(rcs, smsOnly, ProviderStatus.UNOBSERVED))
        .isEqualTo("the request asked for sms only");
    assertThat(filter.exclude(sms, smsOnly, ProviderStatus.UNOBSERVED)).isNull();
  }

  @Test
  void excludes_sms_when_rcs_was_asked_for() {
    RouteRequest rcsOnly = request("US", Risk.LOW, ChannelPreference.RCS, true);
    assertThat(filter.exclude(sms, rcsOnly, ProviderStatus.UNOBSERVED))
        .isEqualTo("the request asked for rcs only");
    assertThat(filter.exclude(rcs, rcsOnly, ProviderStatus.UNOBSERVED)).isNull();
  }

  @Test
  void passes_both_channels_on_auto() {
    RouteRequest auto = request("US", Risk.LOW, ChannelPreference.AUTO, true);
    assertThat(filter.exclude(sms, auto, ProviderStatus.UNOBSERVED)).isNull();
    assertThat(filter.exclude(rcs, auto, ProviderStatus.UNOBSERVED)).isNull();
  }
}
