package dev.otpgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void an_empty_histogram_answers_zero() {
    LatencyHistogram h = new LatencyHistogram();
    assertThat(h.count()).isZero();
    assertThat(h.percentile(99)).isZero();
    assertThat(h.max()).isZero();
    assertThat(h.mean()).isZero();
  }

  @Test
  void values_below_256_micros_are_exact() {
    LatencyHistogram h = new LatencyHistogram();
    for (int v = 1; v <= 200; v++) {
      h.record(v);
    }
    assertThat(h.percentile(50)).isEqualTo(100);
    assertThat(h.percentile(99)).isEqualTo(198);
    assertThat(h.percentile(100)).isEqualTo(200);
    assertThat(h.max()).isEqualTo(200);
    assertThat(h.mean()).isEqualTo(100.5);
  }

  @Test
  void percentiles_of_a_skewed_distribution_are_within_one_percent_of_sorting() {
    // Log-normal-ish latencies from 100 µs to seconds, as a gateway under load gives.
    SplittableRandom random = new SplittableRandom(42);
    long[] values = new long[200_000];
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) (100 * Math.exp(random.nextDouble() * random.nextDouble() * 10));
      h.record(values[i]);
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    for (double p : new double[] {50, 90, 99, 99.9, 99.99}) {
      long exact = sorted[(int) Math.ceil(p / 100 * sorted.length) - 1];
      assertThat(h.percentile(p))
          .as("p%s", p)
          .isGreaterThanOrEqualTo(exact)
          .isLessThanOrEqualTo((long) Math.ceil(exact * 1.01));
    }
    assertThat(h.max()).isEqualTo(sorted[sorted.length - 1]);
    assertThat(h.percentile(100)).isEqualTo(sorted[sorted.length - 1]);
  }

  @Test
  void every_bucket_is_at_most_one_128th_as_wide_as_its_values() {
    for (long v = 0; v < 5_000_000; v += 7) {
      int index = LatencyHistogram.indexOf(v);
      long highest = LatencyHistogram.highestInBucket(index);
      assertThat(highest).as("bucket of %d", v).isGreaterThanOrEqualTo(v);
      assertThat(highest - v).as("bucket of %d", v).isLessThanOrEqualTo(v / 128);
    }
  }

  @Test
  void the_largest_values_land_in_the_last_bucket_not_outside() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(Long.MAX_VALUE);
    h.record(-5);
    assertThat(h.max()).isEqualTo(LatencyHistogram.HIGHEST_TRACKABLE);
    assertThat(h.percentile(50)).isZero();
    assertThat(h.percentile(100)).isEqualTo(LatencyHistogram.HIGHEST_TRACKABLE);
  }

  @Test
  void adding_and_resetting_keep_the_counts_right() {
    LatencyHistogram second = new LatencyHistogram();
    LatencyHistogram total = new LatencyHistogram();
    second.record(1_000);
    second.record(3_000);
    total.add(second);
    second.reset();
    second.record(2_000);
    total.add(second);
    assertThat(second.count()).isEqualTo(1);
    assertThat(total.count()).isEqualTo(3);
    assertThat(total.max()).isEqualTo(3_000);
    assertThat(total.mean()).isEqualTo(2_000);
    assertThat(total.percentile(50)).isBetween(2_000L, 2_016L);
  }

  @Test
  void rejects_a_percentile_outside_0_to_100() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(1);
    assertThatThrownBy(() -> h.percentile(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.percentile(101)).isInstanceOf(IllegalArgumentException.class);
  }
}
