package dev.otpgateway.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingEntry;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationCodec;

/**
 * Heals a split brain for verifications: the copy that went further wins, so a code consumed or
 * killed on one side never comes back to life from the other; a copy only one side has is kept
 * unless it is a start nobody was answered for ({@link Verification#survivesAlone}).
 */
public final class VerificationMergePolicy
    implements SplitBrainMergePolicy<byte[], MergingEntry<VerificationKey, byte[]>, Object> {

  @Override
  public Object merge(
      MergingEntry<VerificationKey, byte[]> merging,
      MergingEntry<VerificationKey, byte[]> existing) {
    // A record does not repeat its id: it is the entry's key.
    String id = merging.getKey().id();
    if (existing == null) {
      // Only this side has it: kept unless it is a start nobody was answered for (null drops it).
      return Verification.survivesAlone(
              VerificationCodec.decode(id, merging.getDeserializedValue()))
          ? merging.getRawValue()
          : null;
    }
    Verification incoming = VerificationCodec.decode(id, merging.getDeserializedValue());
    Verification current = VerificationCodec.decode(id, existing.getDeserializedValue());
    return Verification.mergeSurvivor(incoming, current) == incoming
        ? merging.getRawValue()
        : existing.getRawValue();
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
