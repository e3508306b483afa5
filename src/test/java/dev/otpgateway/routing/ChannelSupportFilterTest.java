package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.provider;
import static dev.otpgateway.routing.TableRules.region;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelSupportFilterTest {
  private final RuleFilter filter = new ChannelSupportFilter();

  @Test
  void excludes_rcs_where_the_region_allows_only_sms() {
    assertThat(filter.reason()).isEqualTo(ExclusionReason.CHANNEL_UNSUPPORTED);
    assertThat(filter.exclude(region("eu"), provider("rbm"), Channel.RCS))
        .isEqualTo("region eu does not allow rcs");
  }

  @Test
  void passes_channels_the_region_allows() {
    assertThat(filter.exclude(region("us"), provider("rbm"), Channel.RCS)).isNull();
    assertThat(filter.exclude(region("eu"), provider("twilio"), Channel.SMS)).isNull();
  }
}
