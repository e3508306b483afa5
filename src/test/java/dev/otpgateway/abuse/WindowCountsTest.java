package dev.otpgateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowCountsTest {
  /** Half a minute past a whole minute, so "n minutes ago" lands in one slot. */
  private static final long NOW = Instant.parse("2026-12-02T12:30:30Z").toEpochMilli();

  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  @Test
  void the_last_hour_counts_starts_and_approvals_of_its_sixty_minutes() {
    WindowCounts c = new WindowCounts();
    c.add(false, NOW, 3);
    c.add(false, NOW - 59 * MINUTE, 2);
    c.add(true, NOW - 10 * MINUTE, 1);
    c.add(false, NOW - 60 * MINUTE, 7); // an hour ago: outside

    assertThat(c.lastMinutes(NOW, 60, 0)).isEqualTo(new WindowCounts.Tally(5, 1));
  }

  @Test
  void a_window_can_leave_out_its_most_recent_minutes() {
    WindowCounts c = new WindowCounts();
    c.add(false, NOW, 4);
    c.add(false, NOW - MINUTE, 2);
    c.add(false, NOW - 2 * MINUTE, 1);

    assertThat(c.lastMinutes(NOW, 60, 2).started()).isEqualTo(1);
  }

  @Test
  void the_last_day_is_twenty_four_hours_and_history_the_fourteen_days_before_today() {
    // History is by UTC day: 23 and 25 hours before 12:30 are both yesterday.
    WindowCounts c = new WindowCounts();
    c.add(false, NOW - 23 * HOUR, 2);
    c.add(false, NOW - 25 * HOUR, 5);
    c.add(true, NOW - 3 * DAY, 4);
    c.add(false, NOW - 14 * DAY, 10);
    c.add(false, NOW - 15 * DAY, 100); // beyond the ring

    assertThat(c.lastDay(NOW)).isEqualTo(new WindowCounts.Tally(2, 0));
    assertThat(c.history(NOW)).isEqualTo(new WindowCounts.Tally(17, 4));
  }

  @Test
  void a_slot_from_a_past_lap_reads_as_empty_and_a_late_count_for_it_is_dropped() {
    WindowCounts c = new WindowCounts();
    c.add(false, NOW - 61 * MINUTE, 9);
    c.add(false, NOW - MINUTE, 1); // the same minute slot, one lap later
    c.add(false, NOW - 61 * MINUTE, 9); // older than the slot now holds

    assertThat(c.lastMinutes(NOW, 60, 0).started()).isEqualTo(1);
  }

  @Test
  void sums_of_members_add_and_survive_the_stored_form() {
    WindowCounts one = new WindowCounts();
    one.add(false, NOW - 5 * MINUTE, 3);
    one.add(true, NOW - 2 * DAY, 2);
    WindowCounts other = new WindowCounts();
    other.add(false, NOW - 5 * MINUTE, 4);
    other.add(false, NOW - 2 * DAY, 6);

    WindowCounts sum = WindowCounts.decode(one.encode());
    sum.addAll(other);

    assertThat(sum.lastMinutes(NOW, 60, 0)).isEqualTo(new WindowCounts.Tally(7, 0));
    assertThat(sum.history(NOW)).isEqualTo(new WindowCounts.Tally(6, 2));
    assertThat(one.lastMinutes(NOW, 60, 0).started()).isEqualTo(3);
  }

  @Test
  void unapproved_is_never_negative() {
    assertThat(new WindowCounts.Tally(2, 5).unapproved()).isZero();
    assertThat(new WindowCounts.Tally(5, 2).unapproved()).isEqualTo(3);
  }
}
