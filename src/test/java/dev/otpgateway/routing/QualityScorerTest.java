package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.lane;
import static dev.otpgateway.routing.TableRules.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QualityScorerTest {
  private final Scorer scorer = new QualityScorer();
  private final Lane lane = lane("US", "twilio", Channel.SMS);

  private double score(double rate, long samples) {
    return scorer.raw(
        lane,
        request("US"),
        new ProviderStatus(BreakerState.CLOSED, rate, samples, 0),
        0,
        Double.NaN);
  }

  @Test
  void starts_every_provider_at_the_prior() {
    assertThat(score(1, 0)).isCloseTo(1 / QualityScorer.PRIOR_SUCCESS, within(1e-12));
  }

  @Test
  void a_few_failures_barely_move_it() {
    // 0 of 5 delivered: (0 + 0.95 * 50) / 55 = 0.8636 -> 1.158 sends per delivered code
    assertThat(score(0, 5)).isCloseTo(55 / 47.5, within(1e-9));
  }

  @Test
  void many_failures_count_as_expected_resends() {
    // 50% of 1000 delivered: (500 + 47.5) / 1050 = 0.5214 -> about 1.92 sends per delivered code
    assertThat(score(0.5, 1000)).isCloseTo(1050 / 547.5, within(1e-9));
    assertThat(score(0.5, 1000)).isGreaterThan(score(0.99, 1000));
  }
}
