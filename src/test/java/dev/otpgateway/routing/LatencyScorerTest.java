package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.lane;
import static dev.otpgateway.routing.TableRules.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyScorerTest {
  private final Scorer scorer = new LatencyScorer();
  private final Lane twilio = lane("US", "twilio", Channel.SMS); // rules say 6000 ms

  private double score(long samples, double meanMs) {
    return scorer.raw(
        twilio,
        request("US"),
        new ProviderStatus(BreakerState.CLOSED, 1, samples, meanMs),
        0,
        Double.NaN);
  }

  @Test
  void uses_the_rules_figure_without_enough_observations() {
    assertThat(score(0, 0)).isEqualTo(6000);
    assertThat(score(LatencyScorer.MIN_SAMPLES - 1, 60_000)).isEqualTo(6000);
  }

  @Test
  void blends_observations_with_the_rules_figure_as_a_prior() {
    // 20 prior samples at 6000 ms, 20 observed at 10000 ms.
    assertThat(score(20, 10_000)).isCloseTo(8000, within(1e-9));
  }

  @Test
  void converges_on_what_is_observed() {
    assertThat(score(100_000, 3000)).isCloseTo(3000, within(1.0));
  }
}
