package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.lane;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CarbonScorerTest {
  private final Scorer scorer = new CarbonScorer();

  private static RouteRequest segments(int n) {
    return new RouteRequest(
        "+12025550152", "US", Risk.LOW, ChannelPreference.AUTO, true, true, n, null, null);
  }

  @Test
  void counts_every_sms_segment_as_one_sms() {
    Lane sinch = lane("US", "sinch", Channel.SMS); // 0.08 g per SMS in the fixture
    assertThat(scorer.raw(sinch, segments(1), ProviderStatus.UNOBSERVED, 0, Double.NaN))
        .isCloseTo(0.08, within(1e-12));
    assertThat(scorer.raw(sinch, segments(3), ProviderStatus.UNOBSERVED, 0, Double.NaN))
        .isCloseTo(0.24, within(1e-12));
  }

  @Test
  void counts_an_rcs_message_once() {
    Lane rbm = lane("US", "rbm", Channel.RCS);
    assertThat(scorer.raw(rbm, segments(3), ProviderStatus.UNOBSERVED, 0, Double.NaN))
        .isCloseTo(0.05, within(1e-12));
  }
}
