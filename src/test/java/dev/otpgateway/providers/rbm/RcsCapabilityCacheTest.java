package dev.otpgateway.providers.rbm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RcsCapabilityCacheTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void a_yes_lasts_an_hour() {
    RcsCapabilityCache cache = new RcsCapabilityCache(clock, 10);
    cache.remember("+12025550160", true);

    clock.advance(Duration.ofMinutes(59));
    assertThat(cache.get("+12025550160")).contains(true);
    clock.advance(Duration.ofMinutes(1));
    assertThat(cache.get("+12025550160")).isEmpty();
  }

  @Test
  void a_no_lasts_ten_minutes() {
    RcsCapabilityCache cache = new RcsCapabilityCache(clock, 10);
    cache.remember("+12025550170", false);

    clock.advance(Duration.ofMinutes(9));
    assertThat(cache.get("+12025550170")).contains(false);
    clock.advance(Duration.ofMinutes(1));
    assertThat(cache.get("+12025550170")).isEmpty();
  }

  @Test
  void a_later_answer_replaces_an_earlier_one() {
    RcsCapabilityCache cache = new RcsCapabilityCache(clock, 10);
    cache.remember("+12025550160", true);
    cache.remember("+12025550160", false);

    assertThat(cache.get("+12025550160")).contains(false);
  }

  @Test
  void holds_at_most_its_bound_and_forgets_the_least_recently_used() {
    RcsCapabilityCache cache = new RcsCapabilityCache(clock, 2);
    cache.remember("+12025550101", true);
    cache.remember("+12025550102", true);
    cache.get("+12025550101");
    cache.remember("+12025550103", true);

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("+12025550102")).isEmpty();
    assertThat(cache.get("+12025550101")).contains(true);
    assertThat(cache.get("+12025550103")).contains(true);
  }

  @Test
  void numbers_that_share_digits_but_not_all_are_apart() {
    RcsCapabilityCache cache = new RcsCapabilityCache(clock, 10);
    cache.remember("+4915112345678", true);
    cache.remember("+491511234567", false);

    assertThat(cache.get("+4915112345678")).contains(true);
    assertThat(cache.get("+491511234567")).contains(false);
    assertThat(cache.get("+49151123456")).isEmpty();
  }
}
