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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Verifications in a Hazelcast map, one backup, kept until their retention ends. */
final class HazelcastVerificationStore implements VerificationStore {
  /** Records read back per call when the sweep's query found them. */
  private static final int READ_AT_ONCE = 1_000;

  private final IMap<VerificationKey, byte[]> map;
  private final EntryCalls<VerificationKey, byte[]> entries;
  private final StrandedChanges stranded;
  private final MinorityGuard minority;
  private final Clock clock;
  private final Supplier<String> self;

  /**
   * @param stranded answers the changes a member's departure leaves unconfirmed
   * @param minority fails the changes a member cut off alone made before it was refused
   * @param self this member's id, which stamps the events its changes emit
   */
  HazelcastVerificationStore(
      IMap<VerificationKey, byte[]> map,
      Futures futures,
      StrandedChanges stranded,
      MinorityGuard minority,
      Clock clock,
      Supplier<String> self) {
    this.map = map;
    this.entries = new EntryCalls<>(map, futures);
    this.stranded = stranded;
    this.minority = minority;
    this.clock = clock;
    this.self = self;
  }

  @Override
  public Future<List<Event>> create(Verification verification) {
    List<Event> emitted = verification.stampUnpublished(self.get(), clock.millis());
    // No time-to-live: the owner's sweep removes the record at its keepUntil (see Verification).
    // A set, not a processor of our own: its class would be unknown to the members of an older
    // build in a rolling upgrade.
    return stranded
        .watch(
            entries.set(
                VerificationKey.of(verification.id()), VerificationCodec.encode(verification)))
        .map(v -> minority.confirmed(emitted));
  }

  @Override
  public Future<Verification> get(String id) {
    return entries
        .get(VerificationKey.of(id))
        .map(b -> b == null ? null : VerificationCodec.decode(id, b))
        .map(v -> v == null || v.gone(clock.millis()) ? null : v);
  }

  @Override
  @SuppressWarnings("unchecked") // each transition's result is of the type it declares
  public <R> Future<Updated<R>> update(String id, String tenantId, Transition<R> transition) {
    return stranded
        .watch(
            entries.submit(
                VerificationKey.of(id),
                new VerificationProcessor(tenantId, transition, self.get())))
        .map(minority::confirmed)
        .map(
            bytes -> {
              if (bytes == null) {
                return null;
              }
              ResultCodec.Decoded decoded = ResultCodec.transition(bytes);
              Verification v = VerificationCodec.decode(id, decoded.verification());
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
  public Future<Void> dropWritten(Map<String, Long> numbersById) {
    List<VerificationKey> keys = numbersById.keySet().stream().map(VerificationKey::of).toList();
    return entries.submitByPartition(
        keys,
        inPartition -> {
          Map<String, Long> numbers = new HashMap<>(inPartition.size() * 2);
          for (VerificationKey key : inPartition) {
            String id = key.id();
            numbers.put(id, numbersById.get(id));
          }
          return new DropWrittenEvents(numbers);
        });
  }

  @Override
  public List<Due> dueLocally(Set<String> members, long until, int max) {
    Set<String> membersNow = Set.copyOf(members);
    // The query returns keys only; the records found are read again, a chunk at a time, for the
    // time each falls due. They are few beside the records held: those due within the look-ahead.
    List<VerificationKey> keys = new ArrayList<>(map.localKeySet(new DueBy(membersNow, until)));
    List<Due> due = new ArrayList<>(Math.min(keys.size(), max));
    for (int from = 0; from < keys.size() && due.size() < max; from += READ_AT_ONCE) {
      Set<VerificationKey> chunk =
          new HashSet<>(keys.subList(from, Math.min(keys.size(), from + READ_AT_ONCE)));
      for (Map.Entry<VerificationKey, byte[]> e : map.getAll(chunk).entrySet()) {
        String id = e.getKey().id();
        long at = dueAt(() -> id, e.getValue(), membersNow);
        // A record that changed since the query may no longer be due by then.
        if (at <= until && due.size() < max) {
          due.add(new Due(id, at));
        }
      }
    }
    return due;
  }

  @Override
  public Set<String> holdingOrphanedEvents(Set<String> members, long now) {
    Set<String> ids = new HashSet<>();
    for (VerificationKey key : map.localKeySet(new HoldsOrphanedEvents(Set.copyOf(members), now))) {
      ids.add(key.id());
    }
    return ids;
  }

  /**
   * When a record falls due, from its header unless a send is open on it (see dueAt(Set)): only
   * then is its id (its key, deserialized and spelled out) needed, to decode it.
   */
  private static long dueAt(Supplier<String> id, byte[] record, Set<String> members) {
    return VerificationCodec.openClaims(record) > 0
        ? VerificationCodec.decode(id.get(), record).dueAt(members)
        : VerificationCodec.dueAt(record);
  }

  /**
   * Records that fall due by {@code until}, read from the header alone; only a record with an open
   * send is decoded, to see whether its member left.
   */
  private record DueBy(Set<String> members, long until)
      implements Predicate<VerificationKey, byte[]> {
    @Override
    public boolean apply(Map.Entry<VerificationKey, byte[]> entry) {
      byte[] record = entry.getValue();
      if (record == null) {
        return false;
      }
      long due = dueAt(() -> entry.getKey().id(), record, members);
      return due <= until;
    }
  }

  /**
   * Records whose outbox holds recent events of members that left. Only records with a recent event
   * are decoded; the header says which.
   */
  private record HoldsOrphanedEvents(Set<String> members, long now)
      implements Predicate<VerificationKey, byte[]> {
    @Override
    public boolean apply(Map.Entry<VerificationKey, byte[]> entry) {
      byte[] record = entry.getValue();
      return record != null
          && VerificationCodec.outboxSize(record) > 0
          && VerificationCodec.outboxNewestAt(record) >= now - Verification.OUTBOX_HORIZON_MILLIS
          && VerificationCodec.decode(entry.getKey().id(), record).hasOrphanedEvents(members, now);
    }
  }
}
