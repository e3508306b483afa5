package dev.otpgateway.providers.sinch.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ids and nonces in Sinch's ULID form. */
class UlidTest {
  @Test
  void ulids_are_26_crockford_characters_led_by_the_time_and_unique() {
    Ulid ulid = new Ulid(Clock.fixed(Instant.ofEpochMilli(1736760161246L), ZoneOffset.UTC));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = ulid.next();
      assertThat(id).matches("[0-9A-HJKMNP-TV-Z]{26}");
      seen.add(id);
    }

    assertThat(seen).hasSize(1000);
    // Sinch's published nonce 01JHFFHWYY7HSS4FWTMDTQEK8V carries this moment (its signature
    // timestamp is 1736760161): the same 10-character time prefix.
    assertThat(seen).allMatch(id -> id.startsWith("01JHFFHWYY"));
  }
}
