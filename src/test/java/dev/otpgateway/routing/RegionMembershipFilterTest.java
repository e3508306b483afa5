package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.provider;
import static dev.otpgateway.routing.TableRules.region;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegionMembershipFilterTest {
  private final RuleFilter filter = new RegionMembershipFilter();

  @Test
  void excludes_a_provider_the_region_has_no_entry_for() {
    assertThat(filter.reason()).isEqualTo(ExclusionReason.NOT_IN_REGION);
    assertThat(filter.exclude(region("gb"), provider("messagebird"), Channel.SMS))
        .isEqualTo("messagebird is not configured for region gb");
  }

  @Test
  void passes_a_provider_the_region_lists() {
    assertThat(filter.exclude(region("gb"), provider("twilio"), Channel.SMS)).isNull();
  }
}
