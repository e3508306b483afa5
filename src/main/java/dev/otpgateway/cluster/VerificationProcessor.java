package dev.otpgateway.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import dev.otpgateway.events.Event;
import dev.otpgateway.verification.Transition;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationCodec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link Transition} on the member that owns the verification, so the read, the change and
 * the write are one atomic step, and stamps the events it emitted with the member that asked for
 * it, which publishes them. Hazelcast runs the same processor on the backup replica, where the same
 * inputs give the same record. Returns the transition's result, which events it emitted and the
 * encoded verification after it, or null when there is none.
 *
 * @param publisher the member that applies the change and publishes its events
 */
record VerificationProcessor(String tenantId, Transition<?> transition, String publisher)
    implements EntryProcessor<VerificationKey, byte[], byte[]> {

  /** The transition's result and the verification after it, as {@link ResultCodec} encodes them. */
  @Override
  public byte[] process(Map.Entry<VerificationKey, byte[]> entry) {
    byte[] stored = entry.getValue();
    if (stored == null) {
      return null;
    }
    Verification v = VerificationCodec.decode(entry.getKey().id(), stored);
    if (v.gone(transition.now())) {
      // Its retention is over: whichever change comes first (the owner's sweep, when it falls due)
      // removes it, and it answers like a missing one.
      entry.setValue(null);
      return null;
    }
    if (tenantId != null && !tenantId.equals(v.tenantId())) {
      // Another tenant's verification answers exactly like a missing one.
      return null;
    }
    Object result = transition.apply(v);
    List<Event> emitted = v.stampUnpublished(publisher, transition.now());
    byte[] updated = VerificationCodec.encode(v);
    if (!Arrays.equals(updated, stored)) {
      // A look that changed nothing (a sweep finding a timer still in its grace) writes nothing,
      // and so sends no backup.
      ((ExtendedMapEntry<VerificationKey, byte[]>) entry)
          .setValueWithoutChangingExpiryTime(updated);
    }
    return ResultCodec.transition(result, emitted.size(), updated);
  }
}
