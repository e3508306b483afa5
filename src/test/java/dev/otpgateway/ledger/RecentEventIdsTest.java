package dev.otpgateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.Ids;
import org.junit.jupiter.api.Test;

/** The ledger writer's memory of the event ids it wrote lately. */
class RecentEventIdsTest {
  private final RecentEventIds recent = new RecentEventIds();

  @Test
  void an_id_written_is_known_and_its_neighbours_are_not() {
    recent.add(Event.idOf("vrf_a", 1), 1_000);
    recent.add(Event.idOf("vrf_a", 3), 1_000);

    assertThat(recent.contains(Event.idOf("vrf_a", 1))).isTrue();
    assertThat(recent.contains(Event.idOf("vrf_a", 3))).isTrue();
    assertThat(recent.contains(Event.idOf("vrf_a", 2))).as("a number not written").isFalse();
    assertThat(recent.contains(Event.idOf("vrf_b", 1))).as("another verification").isFalse();
    assertThat(recent.contains(Event.idOf("vrf_", 1))).as("a prefix of its id").isFalse();
  }

  @Test
  void ids_past_the_bits_and_of_other_forms_are_kept_whole() {
    int past = RecentEventIds.NUMBERED + 1;
    recent.add(Event.idOf("vrf_a", RecentEventIds.NUMBERED), 1_000);
    recent.add(Event.idOf("vrf_a", past), 1_000);
    recent.add("budget:t1:2026-12:80", 1_000);
    recent.add("no-colon", 1_000);

    assertThat(recent.contains(Event.idOf("vrf_a", RecentEventIds.NUMBERED))).isTrue();
    assertThat(recent.contains(Event.idOf("vrf_a", past))).isTrue();
    assertThat(recent.contains(Event.idOf("vrf_a", past + 1))).isFalse();
    assertThat(recent.contains("budget:t1:2026-12:80")).isTrue();
    assertThat(recent.contains("budget:t1:2026-12:81")).isFalse();
    assertThat(recent.contains("no-colon")).isTrue();
    assertThat(recent.contains("vrf_a:07")).as("not how ids are numbered").isFalse();
  }

  @Test
  void what_was_last_written_before_the_cutoff_is_forgotten() {
    recent.add(Event.idOf("vrf_old", 1), 1_000);
    recent.add(Event.idOf("vrf_kept", 1), 1_000);
    recent.add("whole-old", 1_000);
    recent.add(Event.idOf("vrf_new", 1), 2_000);
    // A later event of a verification keeps all of its numbers as long as the latest.
    recent.add(Event.idOf("vrf_kept", 2), 3_000);

    recent.forgetBefore(1_500);

    assertThat(recent.contains(Event.idOf("vrf_old", 1))).isFalse();
    assertThat(recent.contains("whole-old")).isFalse();
    assertThat(recent.contains(Event.idOf("vrf_new", 1))).isTrue();
    assertThat(recent.contains(Event.idOf("vrf_kept", 1))).as("written at 1,000").isTrue();
    assertThat(recent.contains(Event.idOf("vrf_kept", 2))).isTrue();
  }

  @Test
  void minted_verification_ids_are_told_apart_by_their_bits() {
    String a = Ids.mint(Ids.VERIFICATION);
    String b = Ids.mint(Ids.VERIFICATION);
    recent.add(Event.idOf(a, 1), 1_000);
    recent.add(Event.idOf(a, 2), 1_000);

    assertThat(recent.contains(Event.idOf(a, 1))).isTrue();
    assertThat(recent.contains(Event.idOf(a, 2))).isTrue();
    assertThat(recent.contains(Event.idOf(a, 3))).isFalse();
    assertThat(recent.contains(Event.idOf(b, 1))).as("another verification").isFalse();
    assertThat(recent.size()).isEqualTo(1);

    recent.forgetBefore(1_001);
    assertThat(recent.contains(Event.idOf(a, 1))).isFalse();
  }
}
