package dev.otpgateway.providers;

import dev.otpgateway.compact.RecentKeys;
import dev.otpgateway.events.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The one-time tokens (a callback's nonce, a signed token's id) of the receipts a member took
 * lately, so a captured receipt can't be played again while its signature still holds. A token
 * needs remembering only until its signature stops passing the freshness check; after that the
 * check refuses the replay on its own.
 *
 * <p>A receipt comes with most starts, so a token is kept as the first 128 bits of its SHA-256 in
 * {@link RecentKeys}, about 40 bytes, not as a string in a map entry with its time (about 140): two
 * different tokens share those bits with a chance of one in 2^128 per pair, and the only tokens
 * that get in are the ones a provider signed. Kept at least until the time asked, and at most a
 * generation longer.
 *
 * <p>Bounded: a generation takes at most a quarter of {@code capacity}, and past {@code capacity}
 * the oldest generations are forgotten early, so memory stays flat under any load (a replay could
 * then pass only for a token that many newer receipts pushed out within its time).
 *
 * <p>Per member: a replay sent to another member within the token's time is not caught here;
 * receipts are applied idempotently downstream, so such a replay changes nothing.
 */
public final class ReplayGuard {
  private final RecentKeys tokens;
  private final int capacity;

  /**
   * @param generation how long, in the tokens' times, one generation takes tokens: how much longer
   *     than asked a token may be remembered
   * @param capacity the most tokens kept
   */
  public ReplayGuard(Duration generation, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be > 0, but was " + capacity);
    }
    this.tokens = new RecentKeys(generation.toMillis(), Math.max(1, capacity / 4));
    this.capacity = capacity;
  }

  /**
   * Records the token.
   *
   * @param forgetAt when its signature stops passing the freshness check
   * @return true the first time this token is seen; false for a replay
   */
  public synchronized boolean firstSighting(String token, Instant forgetAt, Instant now) {
    tokens.forgetBefore(now.toEpochMilli());
    ByteBuffer digest =
        ByteBuffer.wrap(Sha256.digest().digest(token.getBytes(StandardCharsets.UTF_8)));
    long high = digest.getLong();
    long low = digest.getLong();
    if (tokens.bits(high, low) != 0) {
      return false;
    }
    tokens.add(high, low, 1, forgetAt.toEpochMilli());
    tokens.forgetOldestBeyond(capacity);
    return true;
  }

  /** How many tokens are kept. */
  public synchronized int size() {
    return tokens.size();
  }
}
