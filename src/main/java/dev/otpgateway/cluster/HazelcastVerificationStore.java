package dev.otpgateway.cluster;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.events.Event;
import dev.otpgateway.verification.Transition;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationCodec;
import dev.otpgateway.verification.VerificationStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Verifications in a Hazelcast map, one backup, kept until their retention ends. */
final class HazelcastVerificationStore implements VerificationStore {
  private final IMap<String, byte[]> map;
  private final Futures futures;
  private final Clock clock;
  private final Supplier<String> self;

  /**
   * @param self this member's id, which stamps the events its changes emit
   */
  HazelcastVerificationStore(
      IMap<String, byte[]> map, Futures futures, Clock clock, Supplier<String> self) {
    this.map = map;
    this.futures = futures;
    this.clock = clock;
    this.self = self;
  }

  @Override
  public Future<List<Event>> create(Verification verification, long keepUntil) {
    long now = clock.millis();
    List<Event> emitted = verification.stampUnpublished(self.get(), now);
    long ttl = Math.max(1, keepUntil - now);
    return futures
        .of(
            map.setAsync(
                verification.id(),
                VerificationCodec.encode(verification),
                ttl,
                TimeUnit.MILLISECONDS))
        .map(v -> emitted);
  }

  @Override
  public Future<Verification> get(String id) {
    return futures.of(map.getAsync(id)).map(b -> b == null ? null : VerificationCodec.decode(b));
  }

  @Override
  @SuppressWarnings("unchecked") // each transition's result is of the type it declares
  public <R> Future<Updated<R>> update(String id, String tenantId, Transition<R> transition) {
    return futures
        .of(map.submitToKey(id, new VerificationProcessor(tenantId, transition, self.get())))
        .map(
            bytes -> {
              if (bytes == null) {
                return null;
              }
              ResultCodec.Decoded decoded = ResultCodec.transition(bytes);
              Verification v = VerificationCodec.decode(decoded.verification());
              List<Verification.Outboxed> outbox = v.outbox();
              // The change's own events are the ones it stamped: the last in the outbox.
              List<Event> emitted =
                  outbox.subList(outbox.size() - decoded.emitted(), outbox.size()).stream()
                      .map(Verification.Outboxed::event)
                      .toList();
              return new Updated<>((R) decoded.result(), v, emitted);
            });
  }

  @Override
  public Set<String> dueLocally(Set<String> members, long now, int max) {
    Set<String> due = new HashSet<>();
    for (String id : map.localKeySet(new DuePredicate(Set.copyOf(members), now))) {
      if (due.size() >= max) {
        break;
      }
      due.add(id);
    }
    return due;
  }

  @Override
  public Set<String> holdingOrphanedEvents(Set<String> members, long now) {
    return Set.copyOf(map.localKeySet(new HoldsOrphanedEvents(Set.copyOf(members), now)));
  }

  /**
   * Records that fell due, read from the header alone; only a record with an open send is decoded,
   * to see whether its member left.
   */
  private record DuePredicate(Set<String> members, long now) implements Predicate<String, byte[]> {
    @Override
    public boolean apply(Map.Entry<String, byte[]> entry) {
      byte[] record = entry.getValue();
      if (record == null) {
        return false;
      }
      long due = VerificationCodec.dueAt(record);
      return (due != 0 && due <= now)
          || (VerificationCodec.openClaims(record) > 0
              && VerificationCodec.decode(record).hasClaimOfDeparted(members, now));
    }
  }

  /**
   * Records whose outbox holds recent events of members that left. Only records with a recent event
   * are decoded; the header says which.
   */
  private record HoldsOrphanedEvents(Set<String> members, long now)
      implements Predicate<String, byte[]> {
    @Override
    public boolean apply(Map.Entry<String, byte[]> entry) {
      byte[] record = entry.getValue();
      return record != null
          && VerificationCodec.outboxSize(record) > 0
          && VerificationCodec.outboxNewestAt(record) >= now - Verification.OUTBOX_HORIZON_MILLIS
          && VerificationCodec.decode(record).hasOrphanedEvents(members, now);
    }
  }
}
