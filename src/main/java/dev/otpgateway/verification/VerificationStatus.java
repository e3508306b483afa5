package dev.otpgateway.verification;

import java.util.Locale;

/**
 * Where a verification stands. A live verification past its lifetime reads as {@code expired}
 * before the expiry sweep stores {@link #EXPIRED}.
 */
public enum VerificationStatus {
  PENDING_PUSH,
  SENDING,
  SENT,
  DELIVERED,
  APPROVED,
  FAILED,
  CANCELED,
  EXPIRED;

  /** Whether a code may still be checked, resent or failed over. */
  public boolean isLive() {
    return this == PENDING_PUSH || this == SENDING || this == SENT || this == DELIVERED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
