package dev.otpgateway.providers.sinch;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock until a test pins it to a moment, e.g. when a recorded receipt was signed. */
final class SettableClock extends Clock {
  private volatile Instant pinned;

  void pin(Instant at) {
    pinned = at;
  }

  @Override
  public Instant instant() {
    Instant at = pinned;
    return at != null ? at : Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
