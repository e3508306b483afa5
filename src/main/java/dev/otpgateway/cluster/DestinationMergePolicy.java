package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import dev.otpgateway.cluster.DestinationBucket.Number;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Heals a split brain for rate windows by keeping every send either side counted, so the limit errs
 * toward refusing rather than letting a number be flooded. A bucket's numbers are merged one by
 * one: a number only one side knows is kept as it is.
 */
public final class DestinationMergePolicy
    implements SplitBrainMergePolicy<byte[], MergingValue<byte[]>, Object> {

  @Override
  public Object merge(MergingValue<byte[]> merging, MergingValue<byte[]> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    Map<Number, byte[]> merged = DestinationBucket.entries(existing.getDeserializedValue());
    DestinationBucket.entries(merging.getDeserializedValue())
        .forEach((number, state) -> merged.merge(number, state, DestinationMergePolicy::merge));
    return DestinationBucket.of(merged, RATE_WINDOW_MILLIS);
  }

  /** One number's state from both sides: every send either side counted, the newer live code. */
  private static byte[] merge(byte[] existingState, byte[] mergingState) {
    DestinationState a = DestinationState.decode(mergingState);
    DestinationState b = DestinationState.decode(existingState);
    long[] sends =
        LongStream.concat(Arrays.stream(a.sendTimes()), Arrays.stream(b.sendTimes()))
            .distinct()
            .sorted()
            .toArray();
    DestinationState newer = a.liveExpiresAt() >= b.liveExpiresAt() ? a : b;
    return new DestinationState(newer.liveId(), newer.liveExpiresAt(), newer.binding(), sends)
        .encode();
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
