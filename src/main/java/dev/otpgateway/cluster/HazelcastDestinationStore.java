package dev.otpgateway.cluster;

import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.verification.DestinationStore;
import io.vertx.core.Future;
import java.time.Clock;

/** Destinations in a Hazelcast map; each step is one entry processor on the owning member. */
final class HazelcastDestinationStore implements DestinationStore {
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

  private static String key(String tenantId, String e164) {
    return tenantId + '|' + e164;
  }
}
