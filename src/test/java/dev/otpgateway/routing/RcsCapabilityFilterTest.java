package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.lane;
import static dev.otpgateway.routing.TableRules.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RcsCapabilityFilterTest {
  private final RequestFilter filter = new RcsCapabilityFilter();
  private final RequestFilter unanswered = new RcsCapabilityUnansweredFilter();
  private final RequestFilter noAdapter = new RcsNotConfiguredFilter();
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
  void a_gateway_without_rbm_excludes_rcs_as_not_configured_without_a_word_on_the_handset() {
    assertThat(noAdapter.reason()).isEqualTo(ExclusionReason.NOT_CONFIGURED);
    assertThat(noAdapter.exclude(rcs, asked(RcsCapability.NO_ADAPTER), ProviderStatus.UNOBSERVED))
        .isEqualTo(
            "rbm has no credentials on this gateway, so nobody asked whether the handset takes"
                + " RCS");
    for (RequestFilter f : new RequestFilter[] {filter, unanswered}) {
      assertThat(f.exclude(rcs, asked(RcsCapability.NO_ADAPTER), ProviderStatus.UNOBSERVED))
          .isNull();
    }
    for (RcsCapability answer :
        new RcsCapability[] {RcsCapability.NOT_CAPABLE, RcsCapability.UNANSWERED}) {
      assertThat(noAdapter.exclude(rcs, asked(answer), ProviderStatus.UNOBSERVED)).isNull();
    }
  }

  @Test
  void passes_rcs_to_a_capable_handset_and_sms_to_any() {
    for (RequestFilter f : new RequestFilter[] {filter, unanswered, noAdapter}) {
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
