package dev.otpgateway.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationCodec;
import java.util.Map;

/**
 * Drops from the outboxes of one partition's verifications the events a ledger wrote, each
 * verification's by the bits of its event numbers ({@link Verification#dropWritten}), in one
 * operation: a start's events were trimmed by an operation of their own, one in five of the
 * Hazelcast operations a start made. Hazelcast runs the same processor on the backup replica.
 *
 * <p>It emits no events (every change stamps the events it emits, so there are none to stamp),
 * answers nothing, and leaves a record whose retention is over to its owner's sweep. A member of an
 * older build that does not know this class fails the call, which changes nothing: the events wait
 * out the outbox's horizon, as a trim that fails always left them.
 *
 * @param numbersById per verification id in the partition, a bit per event number written
 */
record DropWrittenEvents(Map<String, Long> numbersById)
    implements EntryProcessor<VerificationKey, byte[], Void> {

  @Override
  public Void process(Map.Entry<VerificationKey, byte[]> entry) {
    byte[] stored = entry.getValue();
    String id = entry.getKey().id();
    Long numbers = numbersById.get(id);
    if (stored == null || numbers == null) {
      return null;
    }
    Verification v = VerificationCodec.decode(id, stored);
    if (v.dropWritten(numbers) > 0) {
      ((ExtendedMapEntry<VerificationKey, byte[]>) entry)
          .setValueWithoutChangingExpiryTime(VerificationCodec.encode(v));
    }
    return null;
  }
}
