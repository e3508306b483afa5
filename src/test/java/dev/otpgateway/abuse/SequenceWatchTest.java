package dev.otpgateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceWatchTest {
  private static final long NOW = 1_800_000_000_000L;

  @Test
  void a_walk_through_a_range_grows_a_run() {
    SequenceWatch watch = new SequenceWatch();
    int run = 0;
    for (int i = 0; i < 6; i++) {
      run = watch.record("acme", "+120255501" + (10 + 3 * i), NOW + i * 1_000);
    }
    assertThat(run).isEqualTo(6);
  }

  @Test
  void scattered_numbers_make_no_run() {
    SequenceWatch watch = new SequenceWatch();
    String[] numbers = {"+12025550100", "+12025550300", "+12025550500", "+12025550700"};
    for (String n : numbers) {
      assertThat(watch.record("acme", n, NOW)).isEqualTo(1);
    }
  }

  @Test
  void the_same_number_again_is_not_a_longer_run() {
    SequenceWatch watch = new SequenceWatch();
    watch.record("acme", "+12025550100", NOW);
    assertThat(watch.record("acme", "+12025550100", NOW)).isEqualTo(1);
  }

  @Test
  void numbers_older_than_ten_minutes_and_other_tenants_do_not_count() {
    SequenceWatch watch = new SequenceWatch();
    watch.record("acme", "+12025550101", NOW - 11 * 60_000);
    watch.record("other", "+12025550102", NOW);
    assertThat(watch.record("acme", "+12025550103", NOW)).isEqualTo(1);
  }

  @Test
  void a_prefix_keeps_its_64_newest_numbers() {
    SequenceWatch watch = new SequenceWatch();
    for (int i = 0; i < 70; i++) {
      watch.record("acme", String.format("+12025550%03d", i), NOW + i);
    }
    // All 70 lie within the span of 030; the 6 oldest were let go.
    assertThat(watch.peek("acme", "+12025550030", NOW + 70)).isEqualTo(64);
    assertThat(watch.peek("acme", "+12025550002", NOW + 70))
        .as("6 to 52, and itself")
        .isEqualTo(48);
  }

  @Test
  void a_peek_counts_without_recording() {
    SequenceWatch watch = new SequenceWatch();
    watch.record("acme", "+12025550101", NOW);
    assertThat(watch.peek("acme", "+12025550102", NOW)).isEqualTo(2);
    assertThat(watch.peek("acme", "+12025550103", NOW)).isEqualTo(2);
  }

  @Test
  void neighbours_who_enter_their_codes_make_no_run() {
    SequenceWatch watch = new SequenceWatch();
    for (int i = 0; i < 6; i++) {
      String number = "+120255501" + (10 + i);
      assertThat(watch.record("acme", number, NOW + i * 1_000)).isEqualTo(1);
      watch.approved("acme", number);
    }
    watch.record("acme", "+12025550120", NOW + 7_000);
    watch.approved("other", "+12025550120");
    assertThat(watch.record("acme", "+12025550121", NOW + 8_000)).isEqualTo(2);
  }
}
