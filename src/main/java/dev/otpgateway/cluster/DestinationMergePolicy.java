package dev.otpgateway.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * Heals a split brain for rate windows by keeping every send either side counted, so the limit errs
 * toward refusing rather than letting a number be flooded.
 */
public final class DestinationMergePolicy
    implements SplitBrainMergePolicy<byte[], MergingValue<byte[]>, Object> {

  @Override
  public Object merge(MergingValue<byte[]> merging, MergingValue<byte[]> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    DestinationState a = DestinationState.decode(merging.getDeserializedValue());
    DestinationState b = DestinationState.decode(existing.getDeserializedValue());
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
