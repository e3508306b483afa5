package dev.otpgateway.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.verification.IdempotencyStore;
import io.vertx.core.Future;
import java.io.Serializable;
import java.time.Clock;
import java.util.Map;

/**
 * Idempotency records in a Hazelcast map whose TTL is the configured retention (at least a day). A
 * claim is one atomic step: it either takes the key or reports what the key holds.
 */
final class HazelcastIdempotencyStore implements IdempotencyStore {
  /** A claim older than this was abandoned (its node died mid-request) and may be taken over. */
  static final long ABANDONED_AFTER_MILLIS = 60_000;

  private final IMap<String, Record> map;
  private final EntryCalls<String, Record> entries;
  private final Futures futures;
  private final Clock clock;

  HazelcastIdempotencyStore(IMap<String, Record> map, Futures futures, Clock clock) {
    this.map = map;
    this.entries = new EntryCalls<>(map, futures);
    this.futures = futures;
    this.clock = clock;
  }

  /** What a key holds: a claim in progress (no response yet) or the response to replay. */
  record Record(String requestHash, long claimedAt, StoredResponse response)
      implements Serializable {}

  record ClaimKey(String requestHash, long now) implements EntryProcessor<String, Record, Claim> {
    @Override
    public Claim process(Map.Entry<String, Record> entry) {
      Record existing = entry.getValue();
      boolean abandoned =
          existing != null
              && existing.response() == null
              && now - existing.claimedAt() > ABANDONED_AFTER_MILLIS;
      if (existing == null || abandoned) {
        entry.setValue(new Record(requestHash, now, null));
        return new Claim(Claim.State.CLAIMED, null);
      }
      if (!existing.requestHash().equals(requestHash)) {
        return new Claim(Claim.State.BODY_MISMATCH, null);
      }
      if (existing.response() == null) {
        return new Claim(Claim.State.IN_PROGRESS, null);
      }
      return new Claim(Claim.State.REPLAY, existing.response());
    }
  }

  @Override
  public Future<Claim> claim(String tenantId, String key, String requestHash) {
    return entries.submit(key(tenantId, key), new ClaimKey(requestHash, clock.millis()));
  }

  @Override
  public Future<Void> complete(String tenantId, String key, StoredResponse response) {
    return entries.set(
        key(tenantId, key), new Record(response.requestHash(), clock.millis(), response));
  }

  @Override
  public Future<Void> release(String tenantId, String key) {
    return futures.call(() -> map.deleteAsync(key(tenantId, key))).mapEmpty();
  }

  private static String key(String tenantId, String key) {
    return tenantId + '|' + key;
  }
}
