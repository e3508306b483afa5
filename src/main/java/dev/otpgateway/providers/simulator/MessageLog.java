package dev.otpgateway.providers.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Messages one simulated provider accepted, by its message id, so its API can answer look-ups.
 * Bounded like {@link Handsets}.
 */
public final class MessageLog {
  private final Map<String, SimulatedMessage> byId;

  public MessageLog(int capacity) {
    this.byId =
        new LinkedHashMap<>(1024, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, SimulatedMessage> eldest) {
            return size() > capacity;
          }
        };
  }

  public synchronized void add(SimulatedMessage message) {
    byId.put(message.id(), message);
  }

  public synchronized Optional<SimulatedMessage> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The newest message that matches, scanning from the newest. */
  public synchronized Optional<SimulatedMessage> newest(Predicate<SimulatedMessage> filter) {
    SimulatedMessage found = null;
    for (SimulatedMessage m : byId.values()) {
      if (filter.test(m)) {
        found = m;
      }
    }
    return Optional.ofNullable(found);
  }
}
