package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.spi.merge.MergingValue;
import dev.otpgateway.abuse.WindowCounts;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two sides of a healed split brain, as Hazelcast hands them to the policy. */
class FraudCounterMergePolicyTest {
  private static final long NOW = Instant.parse("2026-12-02T12:30:30Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  private final FraudCounterMergePolicy policy = new FraudCounterMergePolicy();

  /** One side's entry: its stored bytes, and the serialized form Hazelcast would hand over raw. */
  private record Side(byte[] value, Object raw) implements MergingValue<byte[]> {
    Side(WindowCounts counts) {
      this(counts.encode(), "serialized " + counts);
    }

    @Override
    public byte[] getDeserializedValue() {
      return value;
    }

    @Override
    public Object getRawValue() {
      return raw;
    }
  }

  /** The counts both sides held when the split began. */
  private static WindowCounts beforeTheSplit() {
    WindowCounts c = new WindowCounts();
    c.add(false, NOW - 2 * HOUR, 10);
    c.add(true, NOW - 2 * HOUR, 6);
    c.add(false, NOW - 3 * DAY, 5);
    return c;
  }

  private WindowCounts merge(WindowCounts merging, WindowCounts existing) {
    return WindowCounts.decode((byte[]) policy.merge(new Side(merging), new Side(existing)));
  }

  @Test
  void history_both_sides_share_is_counted_once_and_each_sides_additions_are_kept() {
    // In different minutes, both in this hour.
    WindowCounts majority = beforeTheSplit();
    majority.add(false, NOW - 10 * MINUTE, 4);
    WindowCounts minority = beforeTheSplit();
    minority.add(false, NOW - 20 * MINUTE, 3);
    minority.add(true, NOW - 20 * MINUTE, 1);

    WindowCounts merged = merge(minority, majority);

    assertThat(merged.lastMinutes(NOW, 60, 0)).isEqualTo(new WindowCounts.Tally(7, 1));
    assertThat(merged.history(NOW)).isEqualTo(new WindowCounts.Tally(5, 0));
    // The shared hour two hours ago once; this hour's slot, which both counted in, keeps the
    // larger of each count: 4 started (the majority's), 1 approved (the minority's).
    assertThat(merged.lastDay(NOW)).isEqualTo(new WindowCounts.Tally(14, 7));
  }

  @Test
  void a_slot_both_sides_counted_in_keeps_the_larger_count() {
    WindowCounts majority = beforeTheSplit();
    majority.add(false, NOW, 4);
    WindowCounts minority = beforeTheSplit();
    minority.add(false, NOW, 3);

    assertThat(merge(minority, majority).lastMinutes(NOW, 60, 0).started()).isEqualTo(4);
    assertThat(merge(majority, minority).lastMinutes(NOW, 60, 0).started()).isEqualTo(4);
  }

  @Test
  void a_key_only_the_merging_side_has_is_taken_as_it_is() {
    Side merging = new Side(beforeTheSplit());

    assertThat(policy.merge(merging, null)).isSameAs(merging.getRawValue());
  }

  @Test
  void an_unconfirmed_minority_addition_counts_after_the_heal_never_less_than_once() {
    // A minority of one member added 5 starts this minute; the owner (on its side) applied them,
    // the backup (on the majority's) never confirmed, so the flush failed and they stayed pending.
    WindowCounts minority = beforeTheSplit();
    minority.add(false, NOW, 5);
    WindowCounts pending = new WindowCounts();
    pending.add(false, NOW, 5);
    WindowCounts majority = beforeTheSplit();
    majority.add(false, NOW, 4);

    byte[] healed = (byte[]) policy.merge(new Side(minority), new Side(majority));
    Map.Entry<String, byte[]> entry = new AbstractMap.SimpleEntry<>("*|c:US", healed);
    new HazelcastFraudCounterStore.AddCounts(pending.encode()).process(entry);

    // 9 started this minute; the 5 pending were also on the copy that won the slot: 10, toward
    // refusing.
    WindowCounts after = WindowCounts.decode(entry.getValue());
    assertThat(after.lastMinutes(NOW, 60, 0).started()).isEqualTo(10);
    assertThat(after.lastDay(NOW).started()).isEqualTo(20);
  }
}
