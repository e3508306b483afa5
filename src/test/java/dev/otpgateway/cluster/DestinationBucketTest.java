package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.cluster.DestinationBucket.Number;
import dev.otpgateway.events.Ids;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DestinationBucketTest {
  private static final long NOW = 1_780_000_000_000L;
  private static final long MINUTE = 60_000;

  private static byte[] sentAt(long... times) {
    return new DestinationState(null, 0, "", times).encode();
  }

  @Test
  void a_numbers_digest_depends_on_its_tenant_and_picks_a_bucket_in_range() {
    Number a = Number.of("acme", "+12025550101");

    assertThat(Number.of("acme", "+12025550101")).isEqualTo(a);
    assertThat(Number.of("acme2", "+12025550101")).isNotEqualTo(a);
    // the tenant's length keeps "acme" + "2+1..." apart from "acme2" + "+1..."
    assertThat(Number.of("acme", "2+12025550101")).isNotEqualTo(Number.of("acme2", "+12025550101"));
    Set<Integer> buckets = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      int bucket =
          Number.of("acme", "+1202" + (1_000_000 + i)).bucket(DestinationBucket.PER_MEMBER);
      assertThat(bucket).isBetween(0, DestinationBucket.PER_MEMBER - 1);
      buckets.add(bucket);
    }
    assertThat(buckets)
        .as("100,000 numbers reach every bucket")
        .hasSize(DestinationBucket.PER_MEMBER);
  }

  @Test
  void numbers_set_in_a_bucket_read_back_and_others_are_not_there() {
    Number a = new Number(1, 2);
    Number b = new Number(1, 3);
    byte[] stateA =
        new DestinationState(Ids.mint(Ids.VERIFICATION), NOW + 600_000, "", new long[] {NOW})
            .encode();
    byte[] stateB = sentAt(NOW - 5, NOW);

    byte[] bucket = DestinationBucket.with(null, a, stateA, NOW, RATE_WINDOW_MILLIS);
    bucket = DestinationBucket.with(bucket, b, stateB, NOW, RATE_WINDOW_MILLIS);

    assertThat(DestinationBucket.find(bucket, a)).isEqualTo(stateA);
    assertThat(DestinationBucket.find(bucket, b)).isEqualTo(stateB);
    assertThat(DestinationBucket.find(bucket, new Number(2, 2))).isNull();
    assertThat(DestinationBucket.find(null, a)).isNull();
    assertThat(DestinationBucket.size(bucket)).isEqualTo(2);
    // a number's place costs its state and an 18-byte heading; the bucket a 9-byte front
    assertThat(bucket).hasSize(9 + 18 + stateA.length + 18 + stateB.length);

    byte[] changed = DestinationBucket.with(bucket, a, sentAt(NOW), NOW, RATE_WINDOW_MILLIS);
    assertThat(DestinationBucket.find(changed, a)).isEqualTo(sentAt(NOW));
    assertThat(DestinationBucket.find(changed, b)).isEqualTo(stateB);
    assertThat(DestinationBucket.size(changed)).isEqualTo(2);

    byte[] without = DestinationBucket.with(changed, a, null, NOW, RATE_WINDOW_MILLIS);
    assertThat(DestinationBucket.find(without, a)).isNull();
    assertThat(DestinationBucket.with(without, b, null, NOW, RATE_WINDOW_MILLIS))
        .as("nothing left")
        .isNull();
  }

  @Test
  void a_rewrite_leaves_out_the_numbers_that_ended_and_the_front_keeps_the_earliest_end() {
    Number old = new Number(7, 1);
    Number recent = new Number(7, 2);
    Number liveCode = new Number(7, 3);
    byte[] bucket =
        DestinationBucket.of(
            Map.of(
                old, sentAt(NOW - 70 * MINUTE),
                recent, sentAt(NOW - 10 * MINUTE),
                // no send in the window, but its code lives 5 more minutes
                liveCode, new DestinationState("x", NOW + 5 * MINUTE, "", new long[0]).encode()),
            RATE_WINDOW_MILLIS);
    assertThat(DestinationBucket.earliestEnd(bucket)).isEqualTo(NOW - 10 * MINUTE);

    byte[] swept = DestinationBucket.withoutEnded(bucket, NOW, RATE_WINDOW_MILLIS);

    assertThat(DestinationBucket.entries(swept).keySet())
        .containsExactlyInAnyOrder(recent, liveCode);
    assertThat(DestinationBucket.earliestEnd(swept)).isEqualTo(NOW + 5 * MINUTE);
    assertThat(DestinationBucket.withoutEnded(swept, NOW + 50 * MINUTE, RATE_WINDOW_MILLIS))
        .as("every number ended")
        .isNull();
  }

  /** Random steps on a bucket and on a map of states give the same numbers and states. */
  @Test
  void a_bucket_holds_what_a_map_of_its_numbers_would() {
    Random random = new Random(13);
    Map<Number, byte[]> model = new HashMap<>();
    byte[] bucket = null;
    long now = NOW;
    for (int step = 0; step < 5_000; step++) {
      now += random.nextInt(60_000);
      Number number = new Number(random.nextInt(3), random.nextInt(40));
      byte[] state = random.nextInt(10) == 0 ? null : sentAt(now - random.nextInt(3_000_000), now);
      bucket = DestinationBucket.with(bucket, number, state, now, RATE_WINDOW_MILLIS);
      long at = now;
      model.values().removeIf(s -> DestinationState.keepUntil(s, 0, RATE_WINDOW_MILLIS) <= at);
      if (state == null) {
        model.remove(number);
      } else {
        model.put(number, state);
      }

      Map<Number, byte[]> held = bucket == null ? Map.of() : DestinationBucket.entries(bucket);
      assertThat(held.keySet()).isEqualTo(model.keySet());
      held.forEach((n, s) -> assertThat(s).isEqualTo(model.get(n)));
      if (bucket != null) {
        assertThat(DestinationBucket.earliestEnd(bucket))
            .isEqualTo(
                model.values().stream()
                    .mapToLong(s -> DestinationState.keepUntil(s, 0, RATE_WINDOW_MILLIS))
                    .min()
                    .orElseThrow());
      }
    }
  }

  @Test
  void bytes_of_another_encoding_are_refused() {
    Map<Number, byte[]> one = new LinkedHashMap<>();
    one.put(new Number(1, 1), sentAt(NOW));
    byte[] bucket = DestinationBucket.of(one, RATE_WINDOW_MILLIS);
    bucket[0] = 1;
    byte[] perNumberRecord = bucket;

    assertThatThrownBy(() -> DestinationBucket.find(perNumberRecord, new Number(1, 1)))
        .hasMessage("unknown destination bucket version 1");
  }
}
