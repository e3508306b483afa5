package dev.otpgateway.cluster;

import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.verification.Transition;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationCodec;
import dev.otpgateway.verification.VerificationStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** Verifications in a Hazelcast map, one backup, kept until their retention ends. */
final class HazelcastVerificationStore implements VerificationStore {
  private final IMap<String, byte[]> map;
  private final Futures futures;
  private final Clock clock;

  HazelcastVerificationStore(IMap<String, byte[]> map, Futures futures, Clock clock) {
    this.map = map;
    this.futures = futures;
    this.clock = clock;
  }

  @Override
  public Future<Void> create(Verification verification, long keepUntil) {
    long ttl = Math.max(1, keepUntil - clock.millis());
    return futures.of(
        map.setAsync(
            verification.id(), VerificationCodec.encode(verification), ttl, TimeUnit.MILLISECONDS));
  }

  @Override
  public Future<Verification> get(String id) {
    return futures.of(map.getAsync(id)).map(b -> b == null ? null : VerificationCodec.decode(b));
  }

  @Override
  @SuppressWarnings("unchecked") // each transition's result is of the type it declares
  public <R> Future<Updated<R>> update(String id, String tenantId, Transition<R> transition) {
    return futures
        .of(map.submitToKey(id, new VerificationProcessor(tenantId, transition)))
        .map(
            bytes -> {
              if (bytes == null) {
                return null;
              }
              ResultCodec.Decoded decoded = ResultCodec.transition(bytes);
              return new Updated<>(
                  (R) decoded.result(), VerificationCodec.decode(decoded.verification()));
            });
  }
}
