package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The pace a member's heap budget holds, from what it measures. */
class StartPacingTest {
  private static final long MB = 1_000_000;
  private static final int RESIDENCY_S = 600;

  /** A member using 60 MB for itself (code, caches, its warm-up's leftovers). */
  private long used = 60 * MB;

  private long records;
  private long now = 1_000_000;
  private final StartPacing pacing =
      new StartPacing(100 * MB, () -> used, () -> records, RESIDENCY_S);

  /** Offers {@code n} starts spread over the next second; answers how many were let through. */
  private int admit(int n) {
    int admitted = 0;
    long start = now;
    for (int i = 0; i < n; i++) {
      now = start + 1_000L * i / n;
      admitted += pacing.tryAdmit(now) ? 1 : 0;
    }
    now = start + 1_000;
    return admitted;
  }

  /**
   * {@code seconds} seconds of {@code perSecond} starts, each leaving {@code recordsPerStart}
   * records of {@code bytes} bytes, the member measuring once a second.
   */
  private void load(int seconds, int perSecond, int recordsPerStart, long bytes) {
    for (int s = 0; s < seconds; s++) {
      int admitted = admit(perSecond);
      records += (long) admitted * recordsPerStart;
      used += (long) admitted * recordsPerStart * bytes;
      pacing.update(now);
    }
  }

  @Test
  void a_member_that_has_not_grown_by_enough_records_is_not_paced() {
    load(StartPacing.SLOPE_SECONDS + 5, 20, 1, 2_000);

    assertThat(records).isLessThan(StartPacing.MIN_RECORDS + 20L * StartPacing.SLOPE_SECONDS);
    assertThat(pacing.pace()).isZero();
    assertThat(admit(10_000)).isEqualTo(10_000);
  }

  @Test
  void the_pace_is_what_the_rest_of_the_budget_holds_over_a_records_stay() {
    // 61 s of 100 starts a second: 6,100 records of 2,000 B, 12.2 MB over the member's own 60.
    load(StartPacing.SLOPE_SECONDS + 1, 100, 1, 2_000);

    // It holds 6,100 and has room for (85 MB - 72.2 MB) / 2,000 B = 6,400 more: 12,500 records,
    // each held 600 s, from one start each.
    assertThat(pacing.pace()).isCloseTo(12_500.0 / RESIDENCY_S, within(0.01));
    assertThat(admit(100)).as("one second's pace, and no more").isBetween(20, 22);
    assertThat(admit(100)).as("the next second's").isBetween(20, 21);
  }

  @Test
  void admissions_spread_over_the_second_so_a_late_comer_gets_its_share() {
    load(StartPacing.SLOPE_SECONDS + 1, 100, 1, 2_000);

    // A client that always comes 950 ms into the second, after the rest.
    int lateAdmitted = 0;
    for (int s = 0; s < 20; s++) {
      long second = now;
      for (int i = 0; i < 90; i++) {
        pacing.tryAdmit(second + 10L * i);
      }
      lateAdmitted += pacing.tryAdmit(second + 950) ? 1 : 0;
      now = second + 1_000;
    }
    // About 21 of the 91 get in each second, spread over it: 50 ms after the others, the pace has
    // let one more in. (Had each second's allowance gone to the first to come, the late one would
    // never get in.)
    assertThat(lateAdmitted).as("of 20 tries, one each second").isGreaterThanOrEqualTo(15);
  }

  @Test
  void a_member_holding_backups_of_other_members_starts_takes_fewer_of_its_own() {
    load(StartPacing.SLOPE_SECONDS + 1, 50, 2, 2_000);

    // The same records as above, but each start it admitted left two here (its own, and a backup
    // of another member's): half the pace.
    assertThat(pacing.pace()).isCloseTo(12_500.0 / 2 / RESIDENCY_S, within(0.01));
  }

  @Test
  void a_member_past_its_target_admits_less_than_what_keeps_what_it_holds() {
    load(StartPacing.SLOPE_SECONDS + 1, 100, 1, 2_000);
    used = 95 * MB;
    now += 1_000;
    pacing.update(now);

    // Holding 6,100 records over a 600 s stay takes 10.2 starts a second; past its target, the
    // member admits fewer, so that what it holds shrinks as the oldest leave.
    assertThat(pacing.pace()).isPositive().isLessThan(6_100.0 / RESIDENCY_S);
  }
}
