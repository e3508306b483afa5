package dev.otpgateway.providers.sinch;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nonces of recently accepted callbacks, so a replayed callback is refused. A nonce needs
 * remembering only while its timestamp still passes the freshness check; after that the check
 * refuses the replay on its own. Bounded: past {@code capacity} the oldest nonce is forgotten, so
 * memory stays flat under any load (a replay could then pass only for a nonce that many newer
 * callbacks have pushed out within its five minutes).
 */
final class RecentNonces {
  private final Map<String, Instant> expiryByNonce;

  RecentNonces(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be > 0, but was " + capacity);
    }
    this.expiryByNonce =
        new LinkedHashMap<>(1024, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Records the nonce.
   *
   * @param expiresAt when its timestamp stops passing the freshness check
   * @return true the first time this nonce is seen; false for a replay
   */
  synchronized boolean firstSighting(String nonce, Instant expiresAt, Instant now) {
    forgetExpired(now);
    if (expiryByNonce.containsKey(nonce)) {
      return false;
    }
    expiryByNonce.put(nonce, expiresAt);
    return true;
  }

  synchronized int size() {
    return expiryByNonce.size();
  }

  /** Entries arrive roughly in expiry order, so trimming from the front suffices. */
  private void forgetExpired(Instant now) {
    Iterator<Instant> oldest = expiryByNonce.values().iterator();
    while (oldest.hasNext() && oldest.next().isBefore(now)) {
      oldest.remove();
    }
  }
}
