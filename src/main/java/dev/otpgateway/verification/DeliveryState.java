package dev.otpgateway.verification;

import java.util.Locale;

/** What became of an attempt's message, as far as receipts (or their absence) tell. */
public enum DeliveryState {
  /** The provider did not accept it: there is nothing to deliver. */
  NONE,
  /** Accepted; no final receipt yet. */
  PENDING,
  DELIVERED,
  /** A receipt said it failed. */
  FAILED,
  /** No receipt came within the delivery timeout. */
  TIMED_OUT,
  /** An RCS message not delivered in time, withdrawn before the SMS fallback went out. */
  REVOKED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the person may still get it from this provider. */
  public boolean stillPossible() {
    return this == PENDING || this == DELIVERED;
  }
}
