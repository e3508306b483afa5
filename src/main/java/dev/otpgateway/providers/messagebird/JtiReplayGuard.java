package dev.otpgateway.providers.messagebird;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers the {@code jti} of every verified token until the token expires, so a captured status
 * report can't be played again while its signature still holds. Only verified tokens get in, so the
 * map holds at most what MessageBird itself signed in the last minute or so.
 *
 * <p>Per node: a replay sent to another node of the cluster within the token's minute is not caught
 * here; receipts are applied idempotently downstream, so such a replay changes nothing.
 */
final class JtiReplayGuard {
  /** A token that claims a longer life is still forgotten after this. */
  static final Duration MAX_MEMORY = Duration.ofMinutes(10);

  private static final long SWEEP_EVERY_MS = 10_000;

  private final ConcurrentHashMap<String, Instant> seen = new ConcurrentHashMap<>();
  private final AtomicLong nextSweepAtMs = new AtomicLong();

  /**
   * @return true the first time this jti is seen, false for a replay
   */
  boolean firstUse(String jti, Instant expires, Instant now) {
    sweepIfDue(now);
    Instant forgetAt = expires.plus(MessageBirdSignature.LEEWAY);
    Instant latest = now.plus(MAX_MEMORY);
    return seen.putIfAbsent(jti, forgetAt.isAfter(latest) ? latest : forgetAt) == null;
  }

  int size() {
    return seen.size();
  }

  private void sweepIfDue(Instant now) {
    long nowMs = now.toEpochMilli();
    long due = nextSweepAtMs.get();
    if (nowMs >= due && nextSweepAtMs.compareAndSet(due, nowMs + SWEEP_EVERY_MS)) {
      seen.values().removeIf(forgetAt -> forgetAt.isBefore(now));
    }
  }
}
