package dev.otpgateway.providers.rbm;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What RBM last said about each number's RCS reach, so the hot path asks once per number and
 * period, not once per verification. Bounded (least recently used numbers go first) and
 * time-limited, with a longer life for "yes" than for "no":
 *
 * <ul>
 *   <li>A stale "yes" costs little: the send answers 404, fails over to SMS at once, and {@link
 *       #remember} corrects the entry. Handsets rarely lose RCS, so an hour saves most checks.
 *   <li>A stale "no" sends SMS to a handset that could have had RCS: correct, only dearer. RCS
 *       turns on when a person activates Google Messages or their carrier launches our agent, so
 *       "no" is asked again after ten minutes to pick that up within a session's reach.
 * </ul>
 *
 * <p>Per node. DESIGN.md §6 foresees a cluster-wide capability map; this cache would then sit in
 * front of it or give way to it.
 */
final class RcsCapabilityCache {
  static final Duration CAPABLE_FOR = Duration.ofHours(1);
  static final Duration NOT_CAPABLE_FOR = Duration.ofMinutes(10);
  static final int MAX_NUMBERS = 100_000;

  private final Clock clock;
  private final Map<String, Entry> byNumber;

  RcsCapabilityCache(Clock clock, int maxNumbers) {
    this.clock = clock;
    this.byNumber =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxNumbers;
          }
        };
  }

  /** The answer still in force for this number, if any. */
  synchronized Optional<Boolean> get(String e164) {
    Entry entry = byNumber.get(e164);
    if (entry == null) {
      return Optional.empty();
    }
    if (clock.millis() >= entry.expiresAtMillis) {
      byNumber.remove(e164);
      return Optional.empty();
    }
    return Optional.of(entry.capable);
  }

  synchronized void remember(String e164, boolean capable) {
    Duration life = capable ? CAPABLE_FOR : NOT_CAPABLE_FOR;
    byNumber.put(e164, new Entry(capable, clock.millis() + life.toMillis()));
  }

  synchronized int size() {
    return byNumber.size();
  }

  /** An answer and when it lapses, as epoch ms: one per number cached, so no {@code Instant}. */
  private record Entry(boolean capable, long expiresAtMillis) {}
}
