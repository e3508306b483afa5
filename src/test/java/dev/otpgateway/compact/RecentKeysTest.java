package dev.otpgateway.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Keys seen lately, kept by generations. */
class RecentKeysTest {
  private static final long GENERATION = 1_000;

  @Test
  void a_key_holds_the_bits_added_with_it_and_its_neighbours_hold_none() {
    RecentKeys keys = new RecentKeys(GENERATION, Integer.MAX_VALUE);
    keys.add(1, 2, 0b01, 0);
    keys.add(1, 2, 0b10, 10);

    assertThat(keys.bits(1, 2)).isEqualTo(0b11);
    assertThat(keys.bits(2, 1)).as("the halves swapped").isZero();
    assertThat(keys.bits(1, 3)).isZero();
    assertThat(keys.size()).isEqualTo(1);
    assertThatThrownBy(() -> keys.add(1, 2, 0, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A model test: 20,000 random additions (a pool of 300 keys, so most are added again, in later
   * generations) and forgettings, the times rising; after each, every key of the pool is checked
   * against what was added with it: a key holds at least the bits added at or after the cutoff,
   * nothing once its last addition is a generation before it, and never a bit not added with it.
   */
  @Test
  void keys_are_kept_at_least_as_long_as_asked_and_at_most_a_generation_longer() {
    Random random = new Random(42);
    RecentKeys keys = new RecentKeys(GENERATION, Integer.MAX_VALUE);
    int pool = 300;
    long[] highs = new long[pool];
    long[] lows = new long[pool];
    List<List<long[]>> added = new ArrayList<>();
    for (int k = 0; k < pool; k++) {
      highs[k] = random.nextLong();
      lows[k] = random.nextLong();
      added.add(new ArrayList<>());
    }
    long now = 0;
    long cutoff = Long.MIN_VALUE;
    for (int step = 0; step < 20_000; step++) {
      now += random.nextInt(3);
      if (random.nextInt(50) == 0) {
        cutoff = Math.max(cutoff, now - random.nextInt(3 * (int) GENERATION));
        keys.forgetBefore(cutoff);
      } else {
        int k = random.nextInt(pool);
        long bits = 1L << random.nextInt(8);
        keys.add(highs[k], lows[k], bits, now);
        added.get(k).add(new long[] {bits, now});
      }
      if (step % 100 != 0) {
        continue;
      }
      for (int k = 0; k < pool; k++) {
        long atLeast = 0;
        long atMost = 0;
        long last = Long.MIN_VALUE;
        for (long[] a : added.get(k)) {
          atMost |= a[0];
          atLeast |= a[1] >= cutoff ? a[0] : 0;
          last = Math.max(last, a[1]);
        }
        long held = keys.bits(highs[k], lows[k]);
        assertThat(held & atLeast).as("key %d at step %d", k, step).isEqualTo(atLeast);
        assertThat(held & ~atMost).as("key %d at step %d", k, step).isZero();
        if (last != Long.MIN_VALUE && last + GENERATION <= cutoff) {
          assertThat(held).as("key %d, last added at %d, cutoff %d", k, last, cutoff).isZero();
        }
      }
    }
  }

  @Test
  void a_time_later_than_its_generation_keeps_that_generation_until_it() {
    RecentKeys keys = new RecentKeys(GENERATION, Integer.MAX_VALUE);
    keys.add(1, 1, 1, 10_000);
    keys.add(2, 2, 1, 9_000); // out of order: into the newest generation, which it keeps no longer
    keys.add(3, 3, 1, 60_000); // a new generation

    keys.forgetBefore(10_000);
    assertThat(keys.bits(2, 2)).as("its generation's latest time is 10,000").isEqualTo(1);

    keys.forgetBefore(10_001);
    assertThat(keys.bits(1, 1)).isZero();
    assertThat(keys.bits(2, 2)).isZero();
    assertThat(keys.bits(3, 3)).isEqualTo(1);
  }

  @Test
  void beyond_a_capacity_the_oldest_generations_go_early_never_the_newest() {
    RecentKeys keys = new RecentKeys(GENERATION, 25);
    for (int i = 1; i <= 1_000; i++) {
      keys.add(i, i, 1, 0); // all at one time: generations close by their size
      keys.forgetOldestBeyond(100);
      assertThat(keys.size()).isLessThanOrEqualTo(100);
    }

    assertThat(keys.size()).isEqualTo(100);
    assertThat(keys.bits(901, 901)).isEqualTo(1);
    assertThat(keys.bits(900, 900)).isZero();

    RecentKeys one = new RecentKeys(GENERATION, 10);
    for (int i = 1; i <= 5; i++) {
      one.add(i, i, 1, 0);
    }
    one.forgetOldestBeyond(1);
    assertThat(one.size()).as("the newest generation is kept").isEqualTo(5);
  }

  @Test
  void a_generation_grown_well_past_its_first_table_keeps_every_key() {
    RecentKeys keys = new RecentKeys(GENERATION, Integer.MAX_VALUE);
    Random random = new Random(7);
    long[][] added = new long[20_000][];
    for (int i = 0; i < added.length; i++) {
      added[i] = new long[] {random.nextLong(), random.nextLong()};
      keys.add(added[i][0], added[i][1], 1L << (i % 3), 5_000 + i / 100);
    }

    assertThat(keys.size()).isEqualTo(20_000);
    for (int i = 0; i < added.length; i++) {
      assertThat(keys.bits(added[i][0], added[i][1])).isEqualTo(1L << (i % 3));
    }
  }
}
