package dev.otpgateway.cluster;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.verification.DestinationStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Destinations in a Hazelcast map, many numbers to a record ({@link DestinationBucket}); each step
 * is one entry processor on the member that owns the number's bucket.
 */
final class HazelcastDestinationStore implements DestinationStore {
  /** Buckets per removal call, so one call's operations and its answer stay small. */
  private static final int REMOVE_AT_ONCE = 1_000;

  private final IMap<Integer, byte[]> map;
  private final Futures futures;
  private final Clock clock;

  HazelcastDestinationStore(IMap<Integer, byte[]> map, Futures futures, Clock clock) {
    this.map = map;
    this.futures = futures;
    this.clock = clock;
  }

  @Override
  public Future<Reservation> reserve(String tenantId, String e164, ReservationRequest request) {
    DestinationBucket.Number number = DestinationBucket.Number.of(tenantId, e164);
    return futures
        .of(map.submitToKey(number.bucket(), new DestinationProcessors.Reserve(number, request)))
        .map(ResultCodec::reservation);
  }

  @Override
  public Future<Void> supersede(
      String tenantId, String e164, String oldId, String newId, long expiresAt, String binding) {
    long now = clock.millis();
    DestinationBucket.Number number = DestinationBucket.Number.of(tenantId, e164);
    return futures
        .of(
            map.submitToKey(
                number.bucket(),
                new DestinationProcessors.Supersede(number, oldId, newId, expiresAt, binding, now)))
        .mapEmpty();
  }

  @Override
  public int removeEndedLocally() {
    long now = clock.millis();
    // The query returns keys only, of the buckets this member owns; each is rewritten by its own
    // entry processor, which checks again under the key's lock.
    List<Integer> due = new ArrayList<>(map.localKeySet(new EndedBy(now)));
    int removed = 0;
    for (int from = 0; from < due.size(); from += REMOVE_AT_ONCE) {
      Set<Integer> chunk =
          new HashSet<>(due.subList(from, Math.min(due.size(), from + REMOVE_AT_ONCE)));
      for (Integer gone :
          map.executeOnKeys(chunk, new DestinationProcessors.EndIfOver(now)).values()) {
        removed += gone;
      }
    }
    return removed;
  }

  /** Buckets holding a number that ended by {@code now}, from the front of their bytes. */
  private record EndedBy(long now) implements Predicate<Integer, byte[]> {
    @Override
    public boolean apply(Map.Entry<Integer, byte[]> entry) {
      byte[] bucket = entry.getValue();
      return bucket != null && DestinationBucket.earliestEnd(bucket) <= now;
    }
  }
}
