package dev.otpgateway.providers.sinch.simulated;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The batches the simulated Sinch API accepted, for its list endpoint and its callbacks. Bounded
 * like the simulator's message logs: past the cap the oldest batch is forgotten.
 */
final class SimulatedBatches {
  private final Map<String, SimulatedBatch> byId;

  SimulatedBatches(int capacity) {
    this.byId =
        new LinkedHashMap<>(1024, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, SimulatedBatch> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized void add(SimulatedBatch batch) {
    byId.put(batch.id(), batch);
  }

  synchronized Optional<SimulatedBatch> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The matching batches, newest first. */
  synchronized List<SimulatedBatch> newestFirst(Predicate<SimulatedBatch> filter) {
    List<SimulatedBatch> found = new ArrayList<>();
    for (SimulatedBatch batch : byId.values()) {
      if (filter.test(batch)) {
        found.add(batch);
      }
    }
    Collections.reverse(found);
    return found;
  }
}
