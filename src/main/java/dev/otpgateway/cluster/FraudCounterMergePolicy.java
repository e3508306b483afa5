package dev.otpgateway.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import dev.otpgateway.abuse.WindowCounts;

/**
 * Heals a split brain for the fraud counters by keeping, slot by slot, the larger of the two sides'
 * counts ({@link WindowCounts#maxAll}), so the guard errs toward refusing. Both copies hold the
 * history from before the split, which a sum would count twice; Hazelcast's default keeps only the
 * larger side's copy and drops what the smaller side counted.
 *
 * <p>Why the maximum is enough. The map has split-brain protection (writes need a majority) and
 * fails an operation whose backup did not confirm ({@link ClusterState}). A minority's flush of its
 * counts (through {@code FraudCounters}) then ends one of two ways:
 *
 * <ul>
 *   <li>It failed: a split-brain protection refusal once the minority noticed the split, or, in the
 *       seconds before, a backup that never confirmed or an owner that never answered. The counts
 *       go back to the member's pending counts and are added again after the heal. The addition may
 *       still have been applied on one copy, so those counts may be counted twice: toward refusing.
 *   <li>It succeeded: for a minority of one member, the backup that confirmed it is on the
 *       majority's side, so the addition is in the majority's copy already.
 * </ul>
 *
 * So for a minority of one member no slot of the minority's copy is larger than the majority's copy
 * plus the minority's pending counts, and the maximum of the slots plus the pending counts added
 * after the heal is never below the true count.
 *
 * <p>What remains: a minority of two or more members (five or more expected members) holds
 * partitions whose owner and backup are both on its side. In the seconds before it notices the
 * split, additions to those succeed and live only there; and the majority, which has no copy of
 * those partitions, counts their keys again from empty (the merge brings their history back). For
 * such a key, a slot both sides counted in keeps only the larger side's count, and the other side's
 * additions to it are under-counted; hour and day slots are wide, so that is most of them. The
 * minority's loss is bounded by the detection window (about 5 s of its additions). When the
 * minority's copy is the larger, the majority's loss is what it counted in that slot while the
 * split lasted, up to the minority's count there: bounded by the split's length, not the window.
 */
public final class FraudCounterMergePolicy
    implements SplitBrainMergePolicy<byte[], MergingValue<byte[]>, Object> {

  @Override
  public Object merge(MergingValue<byte[]> merging, MergingValue<byte[]> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    WindowCounts merged = WindowCounts.decode(existing.getDeserializedValue());
    merged.maxAll(WindowCounts.decode(merging.getDeserializedValue()));
    return merged.encode();
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
