package dev.otpgateway.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.otpgateway.abuse.FraudCounterStore;
import dev.otpgateway.abuse.WindowCounts;
import dev.otpgateway.concurrent.Futures;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's fraud counters: one entry per key, its {@link WindowCounts} encoded, changed only
 * by an entry processor that adds a member's counts and answers the sum, so members never lose each
 * other's additions.
 */
final class HazelcastFraudCounterStore implements FraudCounterStore {
  private final EntryCalls<String, byte[]> entries;

  HazelcastFraudCounterStore(IMap<String, byte[]> map, Futures futures) {
    this.entries = new EntryCalls<>(map, futures);
  }

  record AddCounts(byte[] addition) implements EntryProcessor<String, byte[], byte[]> {
    @Override
    public byte[] process(Map.Entry<String, byte[]> entry) {
      WindowCounts add = WindowCounts.decode(addition);
      if (add.isEmpty()) {
        // A read: no write, and no backup of an unchanged value.
        return entry.getValue() == null ? addition : entry.getValue();
      }
      WindowCounts sum =
          entry.getValue() == null ? new WindowCounts() : WindowCounts.decode(entry.getValue());
      sum.addAll(add);
      byte[] encoded = sum.encode();
      entry.setValue(encoded);
      return encoded;
    }
  }

  @Override
  public Future<Map<String, byte[]>> addAndRead(Map<String, byte[]> additions) {
    List<String> keys = new ArrayList<>(additions.keySet());
    List<Future<byte[]>> sums = new ArrayList<>(keys.size());
    for (String key : keys) {
      sums.add(entries.submit(key, new AddCounts(additions.get(key))));
    }
    return Future.all(sums)
        .map(
            all -> {
              Map<String, byte[]> out = new HashMap<>();
              for (int i = 0; i < keys.size(); i++) {
                out.put(keys.get(i), all.resultAt(i));
              }
              return out;
            });
  }
}
