package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.lane;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CostScorerTest {
  private final Scorer scorer = new CostScorer();
  private final Lane twilio = lane("US", "twilio", Channel.SMS);

  private static RouteRequest segments(int n) {
    return new RouteRequest(
        "+12025550151", "US", Risk.LOW, ChannelPreference.AUTO, true, true, n, null, null);
  }

  @Test
  void prices_sms_per_segment_at_the_current_tier() {
    assertThat(scorer.raw(twilio, segments(1), ProviderStatus.UNOBSERVED, 0, Double.NaN))
        .isCloseTo(0.0075, within(1e-12));
    assertThat(scorer.raw(twilio, segments(2), ProviderStatus.UNOBSERVED, 0, Double.NaN))
        .isCloseTo(0.0150, within(1e-12));
  }

  @Test
  void switches_tier_once_the_threshold_volume_was_sent() {
    assertThat(scorer.raw(twilio, segments(1), ProviderStatus.UNOBSERVED, 999_999, Double.NaN))
        .isCloseTo(0.0075, within(1e-12));
    assertThat(scorer.raw(twilio, segments(1), ProviderStatus.UNOBSERVED, 1_000_000, Double.NaN))
        .isCloseTo(0.00375, within(1e-12));
  }

  @Test
  void prices_rcs_per_message_whatever_its_length() {
    Lane rbm = lane("US", "rbm", Channel.RCS);
    assertThat(scorer.raw(rbm, segments(3), ProviderStatus.UNOBSERVED, 0, Double.NaN))
        .isCloseTo(0.0035, within(1e-12));
  }
}
