package dev.otpgateway.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import dev.otpgateway.verification.Transition;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationCodec;
import java.util.Map;

/**
 * Runs one {@link Transition} on the member that owns the verification, so the read, the change and
 * the write are one atomic step. Returns the transition's result with the encoded verification
 * after it, or null when there is none.
 */
record VerificationProcessor(String tenantId, Transition<?> transition)
    implements EntryProcessor<String, byte[], byte[]> {

  /** The transition's result and the verification after it, as {@link ResultCodec} encodes them. */
  @Override
  public byte[] process(Map.Entry<String, byte[]> entry) {
    byte[] stored = entry.getValue();
    if (stored == null) {
      return null;
    }
    Verification v = VerificationCodec.decode(stored);
    if (tenantId != null && !tenantId.equals(v.tenantId())) {
      // Another tenant's verification answers exactly like a missing one.
      return null;
    }
    Object result = transition.apply(v);
    byte[] updated = VerificationCodec.encode(v);
    ((ExtendedMapEntry<String, byte[]>) entry).setValueWithoutChangingExpiryTime(updated);
    return ResultCodec.transition(result, updated);
  }
}
