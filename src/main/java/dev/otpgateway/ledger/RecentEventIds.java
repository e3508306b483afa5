package dev.otpgateway.ledger;

import dev.otpgateway.compact.RecentKeys;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.Ids;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the events a ledger writer wrote lately, so that an event handed over again (a member
 * adopting a departed member's outbox) is recognised and written once.
 *
 * <p>Why not a set of the ids: a start writes three or four events, and each id held as a string in
 * a map entry with its time cost about 170 bytes: under load, the writer's memory of five minutes
 * took more heap than the verifications themselves. An event id is its verification's id and its
 * number ({@link Event#idOf}), and the gateway mints verification ids from 128 random bits ({@link
 * Ids#bitsOf}), so a verification is kept as those bits with one bit per event number written, in
 * {@link RecentKeys} (32 to 64 bytes, kept by generations: an id is remembered at least as long as
 * asked, and at most one generation longer). A verification written again lands in the newest
 * generation with all the numbers it had, so its numbers are kept as long as its latest. An event
 * id of another form, or with a number past the bits, is kept whole, with its own time.
 */
final class RecentEventIds {
  /** Event numbers 1 to this many fit the bits of a verification's entry. */
  static final int NUMBERED = 63;

  /** Minted verifications' event numbers, by the time they were written. */
  private final RecentKeys minted;

  /** Ids of another form, with the time they were written, in that order. */
  private final Map<String, Long> whole = new LinkedHashMap<>();

  /**
   * @param generationMillis how long one table takes what is written: how much longer than asked an
   *     id may be remembered
   */
  RecentEventIds(long generationMillis) {
    this.minted = new RecentKeys(generationMillis, Integer.MAX_VALUE);
  }

  boolean contains(String id) {
    int n = numberOf(id);
    Ids.Bits bits = n == 0 ? null : verificationBits(id);
    if (bits == null) {
      return whole.containsKey(id);
    }
    return (minted.bits(bits.high(), bits.low()) & 1L << n) != 0;
  }

  void add(String id, long now) {
    int n = numberOf(id);
    Ids.Bits bits = n == 0 ? null : verificationBits(id);
    if (bits == null) {
      whole.remove(id);
      whole.put(id, now);
      return;
    }
    minted.add(bits.high(), bits.low(), 1L << n, now);
  }

  /** How many entries are kept: a verification's counts once in each table it is in. */
  int size() {
    return whole.size() + minted.size();
  }

  /** Forgets what was last written before {@code cutoff}: at most a generation later. */
  void forgetBefore(long cutoff) {
    minted.forgetBefore(cutoff);
    Iterator<Long> wholeByAge = whole.values().iterator();
    while (wholeByAge.hasNext() && wholeByAge.next() < cutoff) {
      wholeByAge.remove();
    }
  }

  /**
   * The event's number within its verification, or 0 when the id is not of that form or too big.
   */
  private static int numberOf(String id) {
    int n = Event.numberOf(id);
    return n <= NUMBERED ? n : 0;
  }

  /** The bits of an event's verification id, or null when the gateway did not mint it. */
  private static Ids.Bits verificationBits(String id) {
    return Ids.bitsOf(Ids.VERIFICATION, id.substring(0, id.lastIndexOf(':')));
  }
}
