package dev.otpgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecorderTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Recorder recorder = new Recorder(0, Long.MAX_VALUE);

  @Test
  void a_late_refusal_shows_in_its_second_apart_from_the_201s() {
    recorder.issued(1, 0);
    recorder.issued(2, 0);
    recorder.issued(3, 0);
    recorder.answered(1, 201, 12 * MS);
    recorder.answered(2, 503, 1_523 * MS);
    recorder.answered(3, 503, 40 * MS);

    Recorder.Interval second = recorder.takeInterval();

    assertThat(second.accepted()).isEqualTo(1);
    assertThat(second.errors()).isEqualTo(2);
    assertThat(second.maxMicros()).isEqualTo(12_000);
    assertThat(second.slowestRefusalMicros()).isEqualTo(1_523_000);
    assertThat(recorder.errors()).containsEntry("status_503", 2L);
  }

  @Test
  void each_second_starts_without_the_last_ones_refusals() {
    recorder.issued(1, 0);
    recorder.answered(1, 503, 900 * MS);
    recorder.takeInterval();

    recorder.issued(2, 0);
    recorder.answered(2, 201, 5 * MS);

    assertThat(recorder.takeInterval().slowestRefusalMicros()).isZero();
  }
}
