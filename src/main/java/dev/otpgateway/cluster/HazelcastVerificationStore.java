package dev.otpgateway.cluster;

import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.verification.Transition;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationCodec;
import dev.otpgateway.verification.VerificationStore;
import io.vertx.core.Future;
import java.io.Serializable;
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
  @SuppressWarnings("unchecked")
  public <R> Future<Updated<R>> update(String id, String tenantId, Transition<R> transition) {
    // Every transition's result is a serializable value (a record or a Boolean).
    VerificationProcessor<Serializable> processor =
        new VerificationProcessor<>(
            tenantId, (Transition<Serializable>) (Transition<?>) transition);
    return futures
        .of(map.submitToKey(id, processor))
        .map(
            r ->
                r == null
                    ? null
                    : new Updated<>((R) r.result(), VerificationCodec.decode(r.verification())));
  }
}
