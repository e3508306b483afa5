package dev.otpgateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
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
  void the_larger_of_two_copies_is_kept_slot_by_slot_not_their_sum() {
    WindowCounts a = new WindowCounts();
    a.add(false, NOW - 5 * MINUTE, 7);
    a.add(true, NOW - 5 * MINUTE, 1);
    WindowCounts b = new WindowCounts();
    b.add(false, NOW - 5 * MINUTE, 4);
    b.add(true, NOW - 5 * MINUTE, 3);

    a.maxAll(b);

    assertThat(a.lastMinutes(NOW, 60, 0)).isEqualTo(new WindowCounts.Tally(7, 3));
    assertThat(a.lastDay(NOW)).isEqualTo(new WindowCounts.Tally(7, 3));
    assertThat(a.history(NOW)).isEqualTo(new WindowCounts.Tally(0, 0));
  }

  @Test
  void a_newer_lap_of_a_slot_replaces_the_older_whichever_side_holds_it() {
    WindowCounts older = new WindowCounts();
    older.add(false, NOW - 61 * MINUTE, 50); // the same minute slot, one lap earlier
    WindowCounts newer = new WindowCounts();
    newer.add(false, NOW - MINUTE, 2);

    WindowCounts intoOlder = older.copy();
    intoOlder.maxAll(newer);
    WindowCounts intoNewer = newer.copy();
    intoNewer.maxAll(older);

    assertThat(intoOlder.lastMinutes(NOW, 60, 0).started()).isEqualTo(2);
    assertThat(intoNewer.lastMinutes(NOW, 60, 0).started()).isEqualTo(2);
    // The hour and day rings hold both as different slots of their own.
    assertThat(intoOlder.lastDay(NOW).started()).isEqualTo(52);
    assertThat(intoNewer.lastDay(NOW).started()).isEqualTo(52);
  }

  @Test
  void slots_only_one_side_counted_are_all_kept() {
    WindowCounts a = new WindowCounts();
    a.add(false, NOW - 3 * MINUTE, 3);
    a.add(false, NOW - 2 * DAY, 10);
    WindowCounts b = new WindowCounts();
    b.add(false, NOW - 7 * MINUTE, 4);
    b.add(true, NOW - 5 * DAY, 6);

    a.maxAll(b);

    assertThat(a.lastMinutes(NOW, 60, 0)).isEqualTo(new WindowCounts.Tally(7, 0));
    assertThat(a.history(NOW)).isEqualTo(new WindowCounts.Tally(10, 6));
  }

  @Test
  void either_copy_merged_into_the_other_reads_the_same() {
    WindowCounts a = new WindowCounts();
    a.add(false, NOW, 5);
    a.add(true, NOW, 2);
    a.add(false, NOW - 61 * MINUTE, 8);
    a.add(false, NOW - 30 * HOUR, 3);
    a.add(false, NOW - 4 * DAY, 9);
    WindowCounts b = new WindowCounts();
    b.add(false, NOW, 3);
    b.add(true, NOW, 4);
    b.add(false, NOW - MINUTE, 1);
    b.add(false, NOW - 20 * MINUTE, 6);
    b.add(true, NOW - 4 * DAY, 2);
    b.add(false, NOW - 16 * DAY, 40); // older than any ring keeps

    WindowCounts ab = a.copy();
    ab.maxAll(b);
    WindowCounts ba = b.copy();
    ba.maxAll(a);

    for (int from = 1; from <= 60; from++) {
      assertThat(ab.lastMinutes(NOW, from, 0)).isEqualTo(ba.lastMinutes(NOW, from, 0));
    }
    assertThat(ab.lastDay(NOW)).isEqualTo(ba.lastDay(NOW));
    assertThat(ab.history(NOW)).isEqualTo(ba.history(NOW));
    assertThat(ab.lastMinutes(NOW, 60, 0)).isEqualTo(new WindowCounts.Tally(12, 4));
    assertThat(ab.history(NOW)).isEqualTo(new WindowCounts.Tally(12, 2));
  }

  @Test
  void unapproved_is_never_negative() {
    assertThat(new WindowCounts.Tally(2, 5).unapproved()).isZero();
    assertThat(new WindowCounts.Tally(5, 2).unapproved()).isEqualTo(3);
  }

  @Test
  void holders_added_together_hold_what_one_holder_counting_everything_holds() {
    Random random = new Random(20261204);
    for (int round = 0; round < 200; round++) {
      // Three holders counted over the last 20 days, some slots shared and some a lap apart; one
      // more counted all of it itself.
      WindowCounts[] holders = {new WindowCounts(), new WindowCounts(), new WindowCounts()};
      WindowCounts everything = new WindowCounts();
      for (WindowCounts holder : holders) {
        for (int k = random.nextInt(40); k > 0; k--) {
          long at = NOW - (long) (random.nextDouble() * 20 * DAY);
          boolean approved = random.nextBoolean();
          int n = 1 + random.nextInt(3);
          holder.add(approved, at, n);
          everything.add(approved, at, n);
        }
      }
      WindowCounts added = holders[0].copy();
      added.addAll(holders[1]);
      added.addAll(holders[2]);

      assertThat(added.encode()).as("round %d", round).isEqualTo(everything.encode());
      assertThat(added.lastMinutes(NOW, 60, 0)).isEqualTo(everything.lastMinutes(NOW, 60, 0));
      assertThat(added.lastDay(NOW)).isEqualTo(everything.lastDay(NOW));
      assertThat(added.history(NOW)).isEqualTo(everything.history(NOW));
    }
  }

  @Test
  void adding_to_a_copy_leaves_the_holders_as_they_were() {
    WindowCounts a = new WindowCounts();
    a.add(false, NOW, 2);
    WindowCounts b = new WindowCounts();
    b.add(false, NOW, 3);

    WindowCounts view = a.copy();
    view.addAll(b);

    assertThat(view.lastMinutes(NOW, 60, 0).started()).isEqualTo(5);
    assertThat(a.lastMinutes(NOW, 60, 0).started()).isEqualTo(2);
    assertThat(b.lastMinutes(NOW, 60, 0).started()).isEqualTo(3);
  }
}
