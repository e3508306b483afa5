package dev.otpgateway.providers.rbm.simulated;

import dev.otpgateway.providers.simulator.SimulatedMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each message the simulated RBM took stands: waiting for the handset, delivered, revoked by
 * the agent, or revoked by RBM when its TTL ran out. Ids stay known after the message is gone,
 * because RBM refuses an id it has seen. Bounded like the simulator's other logs.
 */
final class RbmSimulatedMessages {
  enum State {
    PENDING,
    DELIVERED,
    REVOKED,
    EXPIRED
  }

  private record Tracked(SimulatedMessage message, Instant expiresAt, State state) {}

  private final Map<String, Tracked> byId;

  RbmSimulatedMessages(int capacity) {
    this.byId =
        new LinkedHashMap<>(1024, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Tracked> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Takes a new message; false when its id was used before (RBM's ALREADY_EXISTS). */
  synchronized boolean add(SimulatedMessage message, Instant expiresAt, State state) {
    if (byId.containsKey(message.id())) {
      return false;
    }
    byId.put(message.id(), new Tracked(message, expiresAt, state));
    return true;
  }

  /**
   * Revokes a message still waiting for this number's handset; false when there is none (it was
   * delivered, revoked, expired, or never sent), which RBM answers with 404.
   */
  synchronized boolean revoke(String to, String messageId, Instant now) {
    Tracked tracked = pending(messageId, now);
    if (tracked == null || !tracked.message().to().equals(to)) {
      return false;
    }
    byId.put(messageId, new Tracked(tracked.message(), tracked.expiresAt(), State.REVOKED));
    return true;
  }

  /**
   * Ends a message that never reached the handset because its TTL ran out; false when it is no
   * longer pending (revoked meanwhile), so no expiry event may follow.
   */
  synchronized boolean expire(String messageId) {
    Tracked tracked = byId.get(messageId);
    if (tracked == null || tracked.state() != State.PENDING) {
      return false;
    }
    byId.put(messageId, new Tracked(tracked.message(), tracked.expiresAt(), State.EXPIRED));
    return true;
  }

  synchronized State state(String messageId, Instant now) {
    Tracked tracked = byId.get(messageId);
    if (tracked == null) {
      return null;
    }
    return pending(messageId, now) == null && tracked.state() == State.PENDING
        ? State.EXPIRED
        : tracked.state();
  }

  /** A pending message whose TTL has not run out; RBM drops it from the queue when it does. */
  private Tracked pending(String messageId, Instant now) {
    Tracked tracked = byId.get(messageId);
    if (tracked == null || tracked.state() != State.PENDING) {
      return null;
    }
    if (tracked.expiresAt() != null && !now.isBefore(tracked.expiresAt())) {
      return null;
    }
    return tracked;
  }
}
