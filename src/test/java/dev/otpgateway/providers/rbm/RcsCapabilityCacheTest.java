package dev.otpgateway.providers.rbm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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

  @Test
  void answers_as_a_map_in_access_order_would_through_many_gets_removals_and_evictions() {
    // The cache keeps its entries in arrays with its own hash index and list; a LinkedHashMap in
    // access order, with the same lapse and bound, is the model it must agree with at every step.
    int bound = 50;
    RcsCapabilityCache cache = new RcsCapabilityCache(clock, bound);
    Map<String, long[]> model =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > bound;
          }
        };
    Random random = new Random(42);
    for (int step = 0; step < 20_000; step++) {
      String number = "+1202555" + String.format("%04d", random.nextInt(120));
      if (random.nextInt(3) == 0) {
        boolean capable = random.nextBoolean();
        cache.remember(number, capable);
        Duration life =
            capable ? RcsCapabilityCache.CAPABLE_FOR : RcsCapabilityCache.NOT_CAPABLE_FOR;
        model.put(number, new long[] {clock.millis() + life.toMillis(), capable ? 1 : 0});
      } else {
        long[] expected = model.get(number);
        Optional<Boolean> answer = cache.get(number);
        if (expected == null || clock.millis() >= expected[0]) {
          model.remove(number);
          assertThat(answer).as("step %d, %s", step, number).isEmpty();
        } else {
          assertThat(answer).as("step %d, %s", step, number).contains(expected[1] == 1);
        }
      }
      assertThat(cache.size()).as("step %d", step).isEqualTo(model.size());
      clock.advance(Duration.ofSeconds(random.nextInt(20)));
    }
  }
}
