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

  /** Starts admitted so far (every test here is shorter than a residency). */
  private long admittedStarts;

  private long now = 1_000_000;
  private final StartPacing pacing = new StartPacing(100 * MB, () -> used, RESIDENCY_S);

  /** Offers {@code n} starts spread over the next second; answers how many were let through. */
  private int admit(int n) {
    int admitted = 0;
    long start = now;
    for (int i = 0; i < n; i++) {
      now = start + 1_000L * i / n;
      admitted += pacing.tryAdmit("load", now) ? 1 : 0;
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
      admittedStarts += admitted;
      records += (long) admitted * recordsPerStart;
      used += (long) admitted * recordsPerStart * bytes;
      pacing.update(now, records);
    }
  }

  @Test
  void a_member_that_has_not_grown_by_enough_records_is_not_paced() {
    load(2 * StartPacing.SLOPE_SECONDS + 5, 20, 1, 2_000);

    assertThat(records).isLessThan(StartPacing.MIN_RECORDS + 20L * StartPacing.SLOPE_SECONDS);
    assertThat(pacing.pace()).isZero();
    assertThat(admit(10_000)).isEqualTo(10_000);
  }

  @Test
  void the_pace_is_what_the_rest_of_the_budget_holds_over_a_records_stay() {
    // 120 s of 100 starts a second: 12,000 records of 2,000 B, 24 MB over the member's own 60.
    load(2 * StartPacing.SLOPE_SECONDS, 100, 1, 2_000);

    // It holds 12,000 and has room for (85 MB - 84 MB) / 2,000 B = 500 more: 12,500 records,
    // each held 600 s, from one start each.
    assertThat(pacing.pace()).isCloseTo(12_500.0 / RESIDENCY_S, within(0.01));
    assertThat(admit(100)).as("one second's pace, and no more").isBetween(20, 22);
    assertThat(admit(100)).as("the next second's").isBetween(20, 21);
  }

  @Test
  void admissions_spread_over_the_second_so_a_late_comer_gets_its_share() {
    load(2 * StartPacing.SLOPE_SECONDS, 100, 1, 2_000);

    // A client that always comes 950 ms into the second, after the rest.
    int lateAdmitted = 0;
    for (int s = 0; s < 20; s++) {
      long second = now;
      for (int i = 0; i < 90; i++) {
        pacing.tryAdmit("load", second + 10L * i);
      }
      lateAdmitted += pacing.tryAdmit("load", second + 950) ? 1 : 0;
      now = second + 1_000;
    }
    // About 21 of the 91 get in each second, spread over it: 50 ms after the others, the pace has
    // let one more in. (Had each second's allowance gone to the first to come, the late one would
    // never get in.)
    assertThat(lateAdmitted).as("of 20 tries, one each second").isGreaterThanOrEqualTo(15);
  }

  @Test
  void a_tenant_within_its_share_gets_in_while_another_floods_the_member() {
    load(2 * StartPacing.SLOPE_SECONDS, 100, 1, 2_000);
    double paced = pacing.pace();

    // One tenant tries every 10 ms, five times the pace; a person of another tenant once a second.
    int flood = 0;
    int person = 0;
    for (int s = 0; s < 20; s++) {
      long second = now;
      for (int i = 0; i < 100; i++) {
        flood += pacing.tryAdmit("flood", second + 10L * i) ? 1 : 0;
        if (i == 50) {
          person += pacing.tryAdmit("person", second + 505) ? 1 : 0;
        }
      }
      now = second + 1_000;
      pacing.update(now, records);
    }

    // The flood, past its share, leaves the reserve to the person: even its first try, when the
    // flood was alone, finds a token.
    assertThat(person).as("of 20 tries, one each second").isEqualTo(20);
    assertThat(flood + person)
        .as("the pace, all of it taken")
        .isBetween((int) (20 * paced) - 2, (int) (20 * paced) + 3);
  }

  @Test
  void a_member_holding_backups_of_other_members_starts_takes_fewer_of_its_own() {
    load(2 * StartPacing.SLOPE_SECONDS, 50, 2, 2_000);

    // The same records as above, but each start it admitted left two here (its own, and a backup
    // of another member's): half the pace.
    assertThat(pacing.pace()).isCloseTo(12_500.0 / 2 / RESIDENCY_S, within(0.01));
  }

  @Test
  void a_member_past_its_target_for_a_minute_admits_less_than_what_keeps_what_it_holds() {
    load(2 * StartPacing.SLOPE_SECONDS, 100, 1, 2_000);
    used = 95 * MB;
    for (int s = 0; s < StartPacing.SLOPE_SECONDS; s++) {
      now += 1_000;
      pacing.update(now, records);
    }

    // Holding 12,000 records over a 600 s stay takes 20 starts a second; past its target, the
    // member admits fewer, so that what it holds shrinks as the oldest leave.
    assertThat(pacing.pace()).isPositive().isLessThan(12_000.0 / RESIDENCY_S);
  }

  @Test
  void garbage_waiting_for_an_old_generation_collection_does_not_cut_the_pace() {
    load(2 * StartPacing.SLOPE_SECONDS, 100, 1, 2_000);

    // Records that died in the old generation keep the readings 20 MB high for 30 s, until a
    // collection of the old generation frees them; meanwhile 15 starts a second add records.
    used += 20 * MB;
    load(30, 15, 1, 2_000);
    assertThat(pacing.pace())
        .as("while the readings are high: paced on what is live")
        .isCloseTo(target(used - 20 * MB), within(0.1));
    used -= 20 * MB;
    load(1, 15, 1, 2_000);
    assertThat(pacing.pace()).as("after the collection").isCloseTo(target(used), within(0.1));
  }

  @Test
  void the_pace_rises_toward_more_room_gradually_and_falls_at_once() {
    load(2 * StartPacing.SLOPE_SECONDS, 100, 1, 2_000);
    double paced = pacing.pace();
    assertThat(paced).isCloseTo(target(used), within(0.01));

    // The oldest 5,000 records leave: room for as many again.
    records -= 5_000;
    used -= 5_000 * 2_000;
    load(1, 0, 1, 2_000);
    assertThat(pacing.pace() - paced)
        .as("one second later: a RISE_SECONDS part of the way")
        .isCloseTo((target(used) - paced) / StartPacing.RISE_SECONDS, within(0.01));
    load(5 * StartPacing.RISE_SECONDS, 0, 1, 2_000);
    assertThat(pacing.pace()).as("after five times as long").isCloseTo(target(used), within(0.5));

    // Something else takes 10 MB of the heap, for good (a minute): the pace comes down in one step.
    used += 10 * MB;
    for (int s = 0; s < StartPacing.SLOPE_SECONDS; s++) {
      now += 1_000;
      pacing.update(now, records);
    }
    assertThat(pacing.pace()).isCloseTo(target(used), within(0.01));
  }

  /**
   * The pace the budget holds when the member's state takes {@code live} bytes: the records it
   * holds and the room left up to the target share, in records of 2,000 B, over a residency, in
   * starts (the records each admitted start left).
   */
  private double target(long live) {
    double recordsPerStart = (double) records / admittedStarts;
    return (records + (StartPacing.TARGET_SHARE * 100 * MB - live) / 2_000)
        / recordsPerStart
        / RESIDENCY_S;
  }
}
