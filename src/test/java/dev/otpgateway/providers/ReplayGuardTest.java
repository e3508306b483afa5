package dev.otpgateway.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The replay memory stays bounded and forgets only what the freshness check already refuses. */
class ReplayGuardTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration GENERATION = Duration.ofSeconds(60);

  @Test
  void a_token_is_accepted_once_while_it_is_fresh() {
    ReplayGuard tokens = new ReplayGuard(GENERATION, 10);

    assertThat(tokens.firstSighting("a", T0.plusSeconds(300), T0)).isTrue();
    assertThat(tokens.firstSighting("a", T0.plusSeconds(300), T0.plusSeconds(299))).isFalse();
    assertThat(tokens.firstSighting("b", T0.plusSeconds(300), T0.plusSeconds(299)))
        .as("another token")
        .isTrue();
  }

  @Test
  void tokens_are_forgotten_once_their_time_is_over_at_most_a_generation_late() {
    ReplayGuard tokens = new ReplayGuard(GENERATION, 10);
    tokens.firstSighting("a", T0.plusSeconds(300), T0);
    tokens.firstSighting("b", T0.plusSeconds(400), T0.plusSeconds(100));

    tokens.firstSighting("c", T0.plusSeconds(700), T0.plusSeconds(301));
    assertThat(tokens.size()).as("a's time is over").isEqualTo(2);
    assertThat(tokens.firstSighting("b", T0.plusSeconds(400), T0.plusSeconds(302))).isFalse();

    assertThat(tokens.firstSighting("a", T0.plusSeconds(300), T0.plusSeconds(303)))
        .as("played after its time: the freshness check refuses it, not this memory")
        .isTrue();
  }

  @Test
  void each_token_is_kept_for_its_own_time_whatever_came_before_it() {
    ReplayGuard tokens = new ReplayGuard(GENERATION, 10);
    tokens.firstSighting("short", T0.plusSeconds(100), T0);
    tokens.firstSighting("long", T0.plusSeconds(600), T0.plusSeconds(10));

    assertThat(tokens.firstSighting("long", T0.plusSeconds(600), T0.plusSeconds(500))).isFalse();
    assertThat(tokens.firstSighting("short", T0.plusSeconds(200), T0.plusSeconds(500)))
        .as("its time was over at 100 s")
        .isTrue();
  }

  @Test
  void memory_never_exceeds_the_capacity_and_the_newest_are_kept() {
    ReplayGuard tokens = new ReplayGuard(GENERATION, 100);
    for (int i = 0; i < 10_000; i++) {
      assertThat(tokens.firstSighting("n" + i, T0.plusSeconds(300), T0)).isTrue();
      assertThat(tokens.size()).isLessThanOrEqualTo(100);
    }

    assertThat(tokens.size()).isGreaterThanOrEqualTo(75);
    for (int i = 9_975; i < 10_000; i++) {
      assertThat(tokens.firstSighting("n" + i, T0.plusSeconds(300), T0)).isFalse();
    }
  }
}
