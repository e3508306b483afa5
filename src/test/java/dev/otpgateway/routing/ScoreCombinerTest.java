package dev.otpgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoreCombinerTest {
  private static final Weights WEIGHTS = new Weights(0.5, 0.25, 0.1, 0.15);

  @Test
  void normalises_each_component_against_the_worst_candidate_and_weighs_it() {
    // two candidates on one channel: costs 0.007 and 0.008, latencies 5000 and 7000 ms
    double[][] raw = {{0.007, 0.008}, {5000, 7000}, {0.1, 0.1}, {1.05, 1.05}};
    double[][] max = {{0, 0, 0, 0}, {0.008, 7000, 0.1, 1.05}};
    ScoreBreakdown first = ScoreCombiner.breakdown(raw, max, 1, 0, WEIGHTS);
    ScoreBreakdown second = ScoreCombiner.breakdown(raw, max, 1, 1, WEIGHTS);

    assertThat(first.cost()).isCloseTo(0.5 * 0.875, within(1e-12));
    assertThat(first.latency()).isCloseTo(0.25 * 5000 / 7000, within(1e-12));
    assertThat(second.cost()).isCloseTo(0.5, within(1e-12));
    assertThat(first.total())
        .isCloseTo(
            first.cost() + first.latency() + first.carbon() + first.quality(), within(1e-12));
    assertThat(first.total()).isLessThan(second.total());
  }

  @Test
  void a_component_all_candidates_share_adds_the_same_to_each() {
    double[][] raw = {{0.007, 0.008}, {5000, 5000}, {0.1, 0.1}, {1.05, 1.05}};
    double[][] max = {{0, 0, 0, 0}, {0.008, 5000, 0.1, 1.05}};
    assertThat(ScoreCombiner.breakdown(raw, max, 1, 0, WEIGHTS).latency())
        .isEqualTo(ScoreCombiner.breakdown(raw, max, 1, 1, WEIGHTS).latency());
  }

  @Test
  void a_zero_maximum_normalises_to_zero() {
    assertThat(ScoreCombiner.normalised(0, 0)).isZero();
  }
}
