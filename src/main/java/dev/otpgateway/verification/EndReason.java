package dev.otpgateway.verification;

import java.util.Locale;

/** Why a verification ended. */
public enum EndReason {
  APPROVED,
  /** Too many wrong codes. */
  MAX_ATTEMPTS,
  CANCELED,
  ALL_PROVIDERS_FAILED,
  EXPIRED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
