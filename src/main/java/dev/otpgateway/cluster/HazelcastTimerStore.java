package dev.otpgateway.cluster;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.verification.TimerStore;
import io.vertx.core.Future;
import java.util.Set;

/**
 * Durable timers: key to due time. When a member dies, its partitions (and so its timers) move to
 * the survivors, whose sweeps find them due and fire them.
 */
final class HazelcastTimerStore implements TimerStore {
  private final IMap<String, Long> map;
  private final Futures futures;

  HazelcastTimerStore(IMap<String, Long> map, Futures futures) {
    this.map = map;
    this.futures = futures;
  }

  @Override
  public Future<Void> arm(String key, long dueAtMillis) {
    return futures.of(map.setAsync(key, dueAtMillis));
  }

  @Override
  public Future<Boolean> claim(String key) {
    return futures.of(map.removeAsync(key)).map(previous -> previous != null);
  }

  @Override
  public Set<String> dueLocally(long nowMillis) {
    return Set.copyOf(map.localKeySet(Predicates.lessEqual("this", nowMillis)));
  }
}
