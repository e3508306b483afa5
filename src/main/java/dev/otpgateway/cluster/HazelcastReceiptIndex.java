package dev.otpgateway.cluster;

import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.delivery.ReceiptIndex;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * The receipt index in a Hazelcast map, each entry kept as long as its message can get receipts.
 */
final class HazelcastReceiptIndex implements ReceiptIndex {
  private final EntryCalls<String, String> entries;
  private final Clock clock;

  HazelcastReceiptIndex(IMap<String, String> map, Futures futures, Clock clock) {
    this.entries = new EntryCalls<>(map, futures);
    this.clock = clock;
  }

  @Override
  public Future<Void> remember(
      String provider, String providerMessageId, String reference, long keepUntilMillis) {
    long ttl = Math.max(1, keepUntilMillis - clock.millis());
    return entries.set(provider + '|' + providerMessageId, reference, ttl);
  }

  @Override
  public Future<String> reference(String provider, String providerMessageId) {
    return entries.get(provider + '|' + providerMessageId);
  }
}
