package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.spi.merge.MergingValue;
import dev.otpgateway.cluster.DestinationBucket.Number;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two sides of a healed split brain's bucket, as Hazelcast hands them to the policy. */
class DestinationMergePolicyTest {
  private static final long NOW = 1_780_000_000_000L;

  private final DestinationMergePolicy policy = new DestinationMergePolicy();

  private record Side(byte[] value) implements MergingValue<byte[]> {
    @Override
    public byte[] getDeserializedValue() {
      return value;
    }

    @Override
    public Object getRawValue() {
      return value;
    }
  }

  private static byte[] bucket(Map<Number, DestinationState> states) {
    return DestinationBucket.of(
        states.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().encode())),
        RATE_WINDOW_MILLIS);
  }

  private static DestinationState stateOf(byte[] bucket, Number number) {
    return DestinationState.decode(DestinationBucket.find(bucket, number));
  }

  @Test
  void a_number_both_sides_sent_to_keeps_every_send_and_the_newer_live_code() {
    Number shared = new Number(4, 4);
    Number majorityOnly = new Number(4, 5);
    Number minorityOnly = new Number(4, 6);
    // Both sides knew the send at NOW - 100; each then sent once more, the minority with a new
    // code.
    byte[] majority =
        bucket(
            Map.of(
                shared,
                    new DestinationState(
                        "ver_a", NOW + 1_000, "", new long[] {NOW - 100, NOW - 50}),
                majorityOnly, new DestinationState(null, 0, "", new long[] {NOW - 10})));
    byte[] minority =
        bucket(
            Map.of(
                shared,
                    new DestinationState(
                        "ver_b", NOW + 2_000, "", new long[] {NOW - 100, NOW - 40}),
                minorityOnly, new DestinationState(null, 0, "", new long[] {NOW - 20})));

    byte[] merged = (byte[]) policy.merge(new Side(minority), new Side(majority));

    DestinationState both = stateOf(merged, shared);
    assertThat(both.sendTimes()).containsExactly(NOW - 100, NOW - 50, NOW - 40);
    assertThat(both.liveId()).isEqualTo("ver_b");
    assertThat(stateOf(merged, majorityOnly).sendTimes()).containsExactly(NOW - 10);
    assertThat(stateOf(merged, minorityOnly).sendTimes()).containsExactly(NOW - 20);
    assertThat(DestinationBucket.size(merged)).isEqualTo(3);
  }

  @Test
  void a_bucket_only_one_side_has_is_kept() {
    byte[] minority =
        bucket(Map.of(new Number(1, 1), new DestinationState(null, 0, "", new long[] {NOW})));

    assertThat(policy.merge(new Side(minority), null)).isEqualTo(minority);
  }
}
