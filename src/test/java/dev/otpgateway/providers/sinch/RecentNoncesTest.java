package dev.otpgateway.providers.sinch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The replay memory stays bounded and forgets only what the freshness check already refuses. */
class RecentNoncesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void a_nonce_is_accepted_once_while_it_is_fresh() {
    RecentNonces nonces = new RecentNonces(10);

    assertThat(nonces.firstSighting("a", T0.plusSeconds(300), T0)).isTrue();
    assertThat(nonces.firstSighting("a", T0.plusSeconds(300), T0.plusSeconds(299))).isFalse();
  }

  @Test
  void expired_nonces_are_forgotten() {
    RecentNonces nonces = new RecentNonces(10);
    nonces.firstSighting("a", T0.plusSeconds(300), T0);
    nonces.firstSighting("b", T0.plusSeconds(400), T0.plusSeconds(100));

    nonces.firstSighting("c", T0.plusSeconds(700), T0.plusSeconds(301));

    assertThat(nonces.size()).isEqualTo(2);
  }

  @Test
  void memory_never_exceeds_the_capacity() {
    RecentNonces nonces = new RecentNonces(100);
    for (int i = 0; i < 10_000; i++) {
      nonces.firstSighting("n" + i, T0.plusSeconds(300), T0);
    }

    assertThat(nonces.size()).isEqualTo(100);
    assertThat(nonces.firstSighting("n9999", T0.plusSeconds(300), T0)).isFalse();
  }
}
