package dev.otpgateway.cluster;

import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.delivery.ReceiptIndex;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The receipt index in a Hazelcast map, each entry kept as long as its message can get receipts.
 */
final class HazelcastReceiptIndex implements ReceiptIndex {
  private final IMap<String, String> map;
  private final Futures futures;
  private final Clock clock;

  HazelcastReceiptIndex(IMap<String, String> map, Futures futures, Clock clock) {
    this.map = map;
    this.futures = futures;
    this.clock = clock;
  }

  @Override
  public Future<Void> remember(
      String provider, String providerMessageId, String reference, long keepUntilMillis) {
    long ttl = Math.max(1, keepUntilMillis - clock.millis());
    return futures.of(
        map.setAsync(provider + '|' + providerMessageId, reference, ttl, TimeUnit.MILLISECONDS));
  }

  @Override
  public Future<String> reference(String provider, String providerMessageId) {
    return futures.of(map.getAsync(provider + '|' + providerMessageId));
  }
}
