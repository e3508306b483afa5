package dev.otpgateway.verification;

import java.util.Locale;

/** Where a verification stands. {@code expired} is not stored: it is read off the clock. */
public enum VerificationStatus {
  PENDING_PUSH,
  SENDING,
  SENT,
  DELIVERED,
  APPROVED,
  FAILED,
  CANCELED;

  /** Whether a code may still be checked, resent or failed over. */
  public boolean isLive() {
    return this == PENDING_PUSH || this == SENDING || this == SENT || this == DELIVERED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
