package dev.otpgateway.verification;

import java.util.Locale;

/** What a code check found. */
public record CheckResult(Outcome outcome, int attemptsLeft) implements java.io.Serializable {
  public enum Outcome {
    APPROVED,
    WRONG_CODE,
    TOO_MANY_ATTEMPTS,
    EXPIRED,
    NO_LONGER_USABLE,
    NOT_FOUND;

    /** How metrics and the ledger spell it. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
