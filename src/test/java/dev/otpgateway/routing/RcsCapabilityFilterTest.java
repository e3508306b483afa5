package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.lane;
import static dev.otpgateway.routing.TableRules.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RcsCapabilityFilterTest {
  private final RequestFilter filter = new RcsCapabilityFilter();
  private final RequestFilter unanswered = new RcsCapabilityUnansweredFilter();
  private final Lane rcs = lane("US", "rbm", Channel.RCS);

  private static RouteRequest asked(RcsCapability answer) {
    return new RouteRequest(
        "+12025550150", "US", Risk.LOW, ChannelPreference.AUTO, true, answer, 1, null, null);
  }

  @Test
  void excludes_rcs_to_a_handset_that_cannot_take_it() {
    assertThat(filter.reason()).isEqualTo(ExclusionReason.NOT_RCS_CAPABLE);
    assertThat(
            filter.exclude(
                rcs,
                request("US", Risk.LOW, ChannelPreference.AUTO, false),
                ProviderStatus.UNOBSERVED))
        .isEqualTo("the handset is not RCS-capable");
    assertThat(unanswered.exclude(rcs, asked(RcsCapability.NOT_CAPABLE), ProviderStatus.UNOBSERVED))
        .isNull();
  }

  @Test
  void an_unanswered_check_excludes_rcs_without_saying_the_handset_cannot_take_it() {
    assertThat(unanswered.reason()).isEqualTo(ExclusionReason.RCS_CAPABILITY_UNANSWERED);
    assertThat(unanswered.exclude(rcs, asked(RcsCapability.UNANSWERED), ProviderStatus.UNOBSERVED))
        .isEqualTo(
            "RBM did not answer whether the handset takes RCS (a timeout, an error, or its breaker"
                + " open)");
    assertThat(filter.exclude(rcs, asked(RcsCapability.UNANSWERED), ProviderStatus.UNOBSERVED))
        .isNull();
  }

  @Test
  void passes_rcs_to_a_capable_handset_and_sms_to_any() {
    for (RequestFilter f : new RequestFilter[] {filter, unanswered}) {
      assertThat(f.exclude(rcs, asked(RcsCapability.CAPABLE), ProviderStatus.UNOBSERVED)).isNull();
      for (RcsCapability answer : RcsCapability.values()) {
        assertThat(
                f.exclude(
                    lane("US", "sinch", Channel.SMS), asked(answer), ProviderStatus.UNOBSERVED))
            .isNull();
      }
    }
  }
}
