package dev.otpgateway.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real time, plus an offset a test can move: time flows as usual (timers fire, sweeps see due
 * entries), and a test jumps forward, e.g. past a code's expiry, without waiting.
 */
public final class MutableClock extends Clock {
  private final AtomicLong offsetMillis = new AtomicLong();

  public static MutableClock now() {
    return new MutableClock();
  }

  public void advance(Duration d) {
    offsetMillis.addAndGet(d.toMillis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + offsetMillis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
