package dev.otpgateway.cluster;

import com.hazelcast.core.HazelcastInstance;
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
import java.util.logging.Logger;

/**
 * Destinations in a Hazelcast map, many numbers to a record ({@link DestinationBucket}); each step
 * is one entry processor on the member that owns the number's bucket.
 */
final class HazelcastDestinationStore implements DestinationStore {
  private static final Logger LOG = Logger.getLogger(HazelcastDestinationStore.class.getName());

  /** Buckets per removal call, so one call's operations and its answer stay small. */
  private static final int REMOVE_AT_ONCE = 1_000;

  /** Where the cluster keeps the bucket count its first member chose. */
  private static final String BUCKETS_SETTING = "destination_buckets";

  private final IMap<Integer, byte[]> map;
  private final EntryCalls<Integer, byte[]> entries;
  private final Futures futures;
  private final Clock clock;
  private final int buckets;

  HazelcastDestinationStore(IMap<Integer, byte[]> map, Futures futures, Clock clock, int buckets) {
    this.map = map;
    this.entries = new EntryCalls<>(map, futures);
    this.futures = futures;
    this.clock = clock;
    this.buckets = buckets;
  }

  /**
   * The bucket count every member uses: the first member to ask records what its configuration
   * proposes ({@link HazelcastSetup#config}: {@link DestinationBucket#PER_MEMBER} for each member
   * it expects), and the others take that, whatever their own list of members says, since members
   * counting a number's sends in different buckets would each see part of its window. Blocking.
   */
  static int agreedBuckets(HazelcastInstance hazelcast) {
    int proposed =
        (Integer)
            hazelcast
                .getUserContext()
                .getOrDefault(HazelcastSetup.DESTINATION_BUCKETS, DestinationBucket.PER_MEMBER);
    IMap<String, Integer> settings = hazelcast.getMap(HazelcastSetup.CLUSTER_SETTINGS);
    Integer recorded = settings.putIfAbsent(BUCKETS_SETTING, proposed);
    if (recorded != null && recorded != proposed) {
      LOG.info(
          "destination buckets: "
              + recorded
              + ", as the cluster's first member chose, not the "
              + proposed
              + " this member's list of members gives");
    }
    return recorded == null ? proposed : recorded;
  }

  @Override
  public Future<Reservation> reserve(String tenantId, String e164, ReservationRequest request) {
    DestinationBucket.Number number = DestinationBucket.Number.of(tenantId, e164);
    return entries
        .submit(number.bucket(buckets), new DestinationProcessors.Reserve(number, request))
        .map(ResultCodec::reservation);
  }

  @Override
  public Future<Void> supersede(
      String tenantId, String e164, String oldId, String newId, long expiresAt, String binding) {
    long now = clock.millis();
    DestinationBucket.Number number = DestinationBucket.Number.of(tenantId, e164);
    return entries
        .submit(
            number.bucket(buckets),
            new DestinationProcessors.Supersede(number, oldId, newId, expiresAt, binding, now))
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
