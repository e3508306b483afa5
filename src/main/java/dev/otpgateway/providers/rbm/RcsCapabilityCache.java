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

  /**
   * By number, its answer: the number's digits as a long (E.164 has at most 15) and the answer as
   * one long (when it lapses, in epoch ms, shifted left, and whether the handset is capable in the
   * lowest bit). A cache entry per number seen in the last hour: with two boxed longs it takes 88
   * bytes, where the number's string and an answer object took 120.
   */
  private final Map<Long, Long> byNumber;

  RcsCapabilityCache(Clock clock, int maxNumbers) {
    this.clock = clock;
    this.byNumber =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > maxNumbers;
          }
        };
  }

  /** The answer still in force for this number, if any. */
  synchronized Optional<Boolean> get(String e164) {
    Long number = digits(e164);
    Long answer = byNumber.get(number);
    if (answer == null) {
      return Optional.empty();
    }
    if (clock.millis() >= answer >>> 1) {
      byNumber.remove(number);
      return Optional.empty();
    }
    return Optional.of((answer & 1) == 1);
  }

  synchronized void remember(String e164, boolean capable) {
    Duration life = capable ? CAPABLE_FOR : NOT_CAPABLE_FOR;
    long lapsesAt = clock.millis() + life.toMillis();
    byNumber.put(digits(e164), lapsesAt << 1 | (capable ? 1 : 0));
  }

  synchronized int size() {
    return byNumber.size();
  }

  /** A number in E.164 form ({@code +} and up to 15 digits, never starting with 0) as a long. */
  private static Long digits(String e164) {
    if (e164.length() < 2
        || e164.length() > 16
        || e164.charAt(0) != '+'
        || e164.charAt(1) < '1'
        || e164.charAt(1) > '9') {
      throw new IllegalArgumentException("not an E.164 number");
    }
    return Long.parseLong(e164, 1, e164.length(), 10);
  }
}
