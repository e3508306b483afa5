package dev.otpgateway.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.delivery.VolumeStore;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * Monthly volumes as one small map per month ({@code provider|region} → units), updated by one
 * entry processor so concurrent nodes never lose each other's counts.
 */
final class HazelcastVolumeStore implements VolumeStore {
  private final EntryCalls<String, HashMap<String, Long>> entries;

  HazelcastVolumeStore(IMap<String, HashMap<String, Long>> map, Futures futures) {
    this.entries = new EntryCalls<>(map, futures);
  }

  record AddVolumes(HashMap<String, Long> deltas)
      implements EntryProcessor<String, HashMap<String, Long>, HashMap<String, Long>> {
    @Override
    public HashMap<String, Long> process(Map.Entry<String, HashMap<String, Long>> entry) {
      HashMap<String, Long> totals = entry.getValue() == null ? new HashMap<>() : entry.getValue();
      if (!deltas.isEmpty()) {
        deltas.forEach((key, n) -> totals.merge(key, n, Long::sum));
        entry.setValue(totals);
      }
      return totals;
    }
  }

  @Override
  public Future<Map<String, Long>> addAndRead(String month, Map<String, Long> deltas) {
    return entries
        .submit(month, new AddVolumes(new HashMap<>(deltas)))
        .map(totals -> totals == null ? Map.of() : Map.copyOf(totals));
  }
}
