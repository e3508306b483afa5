package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;

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

/** Destinations in a Hazelcast map; each step is one entry processor on the owning member. */
final class HazelcastDestinationStore implements DestinationStore {
  /** Keys per removal call, so one call's operations and its answer stay small. */
  private static final int REMOVE_AT_ONCE = 1_000;

  private final IMap<String, byte[]> map;
  private final Futures futures;
  private final Clock clock;

  HazelcastDestinationStore(IMap<String, byte[]> map, Futures futures, Clock clock) {
    this.map = map;
    this.futures = futures;
    this.clock = clock;
  }

  @Override
  public Future<Reservation> reserve(String tenantId, String e164, ReservationRequest request) {
    return futures
        .of(map.submitToKey(key(tenantId, e164), new DestinationProcessors.Reserve(request)))
        .map(ResultCodec::reservation);
  }

  @Override
  public Future<Void> supersede(
      String tenantId, String e164, String oldId, String newId, long expiresAt, String binding) {
    long now = clock.millis();
    return futures
        .of(
            map.submitToKey(
                key(tenantId, e164),
                new DestinationProcessors.Supersede(oldId, newId, expiresAt, binding, now)))
        .mapEmpty();
  }

  @Override
  public int removeEndedLocally() {
    long now = clock.millis();
    // The query returns keys only, of the records this member owns; each is removed by its own
    // entry processor, which checks again under the key's lock.
    List<String> ended = new ArrayList<>(map.localKeySet(new EndedBy(now)));
    int removed = 0;
    for (int from = 0; from < ended.size(); from += REMOVE_AT_ONCE) {
      Set<String> chunk =
          new HashSet<>(ended.subList(from, Math.min(ended.size(), from + REMOVE_AT_ONCE)));
      for (Boolean gone :
          map.executeOnKeys(chunk, new DestinationProcessors.EndIfOver(now)).values()) {
        if (Boolean.TRUE.equals(gone)) {
          removed++;
        }
      }
    }
    return removed;
  }

  /** Records whose rate window is empty and whose code is dead by {@code now}, from their bytes. */
  private record EndedBy(long now) implements Predicate<String, byte[]> {
    @Override
    public boolean apply(Map.Entry<String, byte[]> entry) {
      byte[] stored = entry.getValue();
      return stored != null && DestinationState.keepUntil(stored, RATE_WINDOW_MILLIS) <= now;
    }
  }

  private static String key(String tenantId, String e164) {
    return tenantId + '|' + e164;
  }
}
