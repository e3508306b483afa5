package dev.otpgateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.Ids;
import org.junit.jupiter.api.Test;

/** The ledger writer's memory of the event ids it wrote lately. */
class RecentEventIdsTest {
  private static final long GENERATION = 1_000;
  private final RecentEventIds recent = new RecentEventIds(GENERATION);

  private static String verification() {
    return Ids.mint(Ids.VERIFICATION);
  }

  @Test
  void an_id_written_is_known_and_its_neighbours_are_not() {
    String a = verification();
    String b = verification();
    recent.add(Event.idOf(a, 1), 1_000);
    recent.add(Event.idOf(a, 3), 1_000);

    assertThat(recent.contains(Event.idOf(a, 1))).isTrue();
    assertThat(recent.contains(Event.idOf(a, 3))).isTrue();
    assertThat(recent.contains(Event.idOf(a, 2))).as("a number not written").isFalse();
    assertThat(recent.contains(Event.idOf(b, 1))).as("another verification").isFalse();
    assertThat(recent.size()).as("one entry for the verification").isEqualTo(1);
  }

  @Test
  void ids_past_the_bits_and_of_other_forms_are_kept_whole() {
    String a = verification();
    int past = RecentEventIds.NUMBERED + 1;
    recent.add(Event.idOf(a, RecentEventIds.NUMBERED), 1_000);
    recent.add(Event.idOf(a, past), 1_000);
    recent.add("budget:t1:2026-12:80", 1_000);
    recent.add("no-colon", 1_000);
    recent.add(Event.idOf("vrf_a", 1), 1_000);

    assertThat(recent.contains(Event.idOf(a, RecentEventIds.NUMBERED))).isTrue();
    assertThat(recent.contains(Event.idOf(a, past))).isTrue();
    assertThat(recent.contains(Event.idOf(a, past + 1))).isFalse();
    assertThat(recent.contains("budget:t1:2026-12:80")).isTrue();
    assertThat(recent.contains("budget:t1:2026-12:81")).isFalse();
    assertThat(recent.contains("no-colon")).isTrue();
    assertThat(recent.contains(Event.idOf("vrf_a", 1))).as("not an id the gateway mints").isTrue();
    assertThat(recent.contains(Event.idOf("vrf_a", 2))).isFalse();
    assertThat(recent.contains(a + ":07")).as("not how ids are numbered").isFalse();
  }

  @Test
  void what_was_last_written_before_the_cutoff_is_forgotten_at_most_a_generation_late() {
    String old = verification();
    String kept = verification();
    String fresh = verification();
    recent.add(Event.idOf(old, 1), 1_000);
    recent.add(Event.idOf(kept, 1), 1_000);
    recent.add("whole-old", 1_000);
    recent.add(Event.idOf(fresh, 1), 2_000);
    // A later event of a verification keeps all of its numbers as long as the latest.
    recent.add(Event.idOf(kept, 2), 3_000);

    recent.forgetBefore(1_000);
    assertThat(recent.contains(Event.idOf(old, 1))).as("written at the cutoff").isTrue();

    recent.forgetBefore(1_500);
    assertThat(recent.contains(Event.idOf(old, 1))).isFalse();
    assertThat(recent.contains("whole-old")).isFalse();
    assertThat(recent.contains(Event.idOf(fresh, 1))).isTrue();
    assertThat(recent.contains(Event.idOf(kept, 1))).as("written at 1,000, and at 3,000").isTrue();
    assertThat(recent.contains(Event.idOf(kept, 2))).isTrue();
  }

  @Test
  void an_id_is_kept_until_its_generation_last_took_one_before_the_cutoff() {
    String early = verification();
    String late = verification();
    recent.add(Event.idOf(early, 1), 10_000);
    recent.add(Event.idOf(late, 1), 10_900); // the same generation, which started at 10,000

    recent.forgetBefore(10_500);
    assertThat(recent.contains(Event.idOf(early, 1)))
        .as("its generation took an id at 10,900: kept up to a generation longer")
        .isTrue();

    recent.forgetBefore(10_901);
    assertThat(recent.contains(Event.idOf(early, 1))).isFalse();
    assertThat(recent.contains(Event.idOf(late, 1))).isFalse();
    assertThat(recent.size()).isZero();
  }
}
