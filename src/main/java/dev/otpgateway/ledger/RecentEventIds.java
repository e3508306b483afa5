package dev.otpgateway.ledger;

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
 * number ({@link Event#idOf}), so the ids are kept by verification, one bit per event number and
 * one time (the last write) for all of them. A verification id the gateway minted is kept as its
 * 128 bits ({@link Ids#bitsOf}: 32 bytes, where the string took 72). An event id of another form,
 * or with a number past the bits, is kept whole.
 */
final class RecentEventIds {
  /** Event numbers 1 to this many fit the bits of a verification's entry. */
  static final int NUMBERED = 63;

  /**
   * Event numbers written, by verification (its {@link Ids.Bits}, or its id for one the gateway did
   * not mint), in the order of their last write.
   */
  private final Map<Object, Written> byVerification = new LinkedHashMap<>();

  /** Ids of another form, with the time they were written, in that order. */
  private final Map<String, Long> whole = new LinkedHashMap<>();

  private static final class Written {
    long numbers;
    long at;
  }

  boolean contains(String id) {
    int n = numberOf(id);
    if (n == 0) {
      return whole.containsKey(id);
    }
    Written written = byVerification.get(verificationKey(id));
    return written != null && (written.numbers & 1L << n) != 0;
  }

  void add(String id, long now) {
    int n = numberOf(id);
    if (n == 0) {
      whole.remove(id);
      whole.put(id, now);
      return;
    }
    Object verification = verificationKey(id);
    // Taken out and put back, so the entries stay in the order of their last write.
    Written written = byVerification.remove(verification);
    if (written == null) {
      written = new Written();
    }
    written.numbers |= 1L << n;
    written.at = now;
    byVerification.put(verification, written);
  }

  /** How many ids are kept: each verification's counts once. */
  int size() {
    return byVerification.size() + whole.size();
  }

  /** Forgets what was last written before {@code cutoff}. */
  void forgetBefore(long cutoff) {
    Iterator<Written> byAge = byVerification.values().iterator();
    while (byAge.hasNext() && byAge.next().at < cutoff) {
      byAge.remove();
    }
    Iterator<Long> wholeByAge = whole.values().iterator();
    while (wholeByAge.hasNext() && wholeByAge.next() < cutoff) {
      wholeByAge.remove();
    }
  }

  /**
   * The event's number within its verification, or 0 when the id is not of that form or too big.
   */
  private static int numberOf(String id) {
    int colon = id.lastIndexOf(':');
    int digits = id.length() - colon - 1;
    if (colon <= 0 || digits < 1 || digits > 2) {
      return 0;
    }
    int n = 0;
    for (int i = colon + 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      n = n * 10 + (c - '0');
    }
    return n >= 1 && n <= NUMBERED && id.charAt(colon + 1) != '0' ? n : 0;
  }

  /** The key of an event's verification: its id's bits when the gateway minted it. */
  private static Object verificationKey(String id) {
    String verification = id.substring(0, id.lastIndexOf(':'));
    Ids.Bits bits = Ids.bitsOf(Ids.VERIFICATION, verification);
    return bits != null ? bits : verification;
  }
}
