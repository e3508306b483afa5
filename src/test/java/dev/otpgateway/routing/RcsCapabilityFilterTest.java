package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.lane;
import static dev.otpgateway.routing.TableRules.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RcsCapabilityFilterTest {
  private final RequestFilter filter = new RcsCapabilityFilter();
  private final Lane rcs = lane("US", "rbm", Channel.RCS);

  @Test
  void excludes_rcs_to_a_handset_that_cannot_take_it() {
    assertThat(filter.reason()).isEqualTo(ExclusionReason.NOT_RCS_CAPABLE);
    assertThat(
            filter.exclude(
                rcs,
                request("US", Risk.LOW, ChannelPreference.AUTO, false),
                ProviderStatus.UNOBSERVED))
        .isEqualTo("the handset is not RCS-capable");
  }

  @Test
  void passes_rcs_to_a_capable_handset_and_sms_to_any() {
    assertThat(
            filter.exclude(
                rcs,
                request("US", Risk.LOW, ChannelPreference.AUTO, true),
                ProviderStatus.UNOBSERVED))
        .isNull();
    assertThat(
            filter.exclude(
                lane("US", "sinch", Channel.SMS),
                request("US", Risk.LOW, ChannelPreference.AUTO, false),
                ProviderStatus.UNOBSERVED))
        .isNull();
  }
}
