package dev.otpgateway.otp;

import java.security.SecureRandom;

/**
 * Draws one-time codes uniformly from SecureRandom, so every code of a given length is equally
 * likely and leading zeros are kept.
 */
public final class CodeGenerator {
  public static final int MIN_DIGITS = 4;
  public static final int MAX_DIGITS = 10;

  // SecureRandom is thread-safe but synchronizes internally; one per thread avoids contention on
  // the event loops.
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);
  private static final long[] POWERS_OF_TEN = powersOfTen();

  /** Returns a code of exactly {@code digits} decimal digits. */
  public String next(int digits) {
    if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
      throw new IllegalArgumentException(
          "digits must be between " + MIN_DIGITS + " and " + MAX_DIGITS + ", but was " + digits);
    }
    long bound = POWERS_OF_TEN[digits];
    long value = RANDOM.get().nextLong(bound);
    String text = Long.toString(value);
    return "0".repeat(digits - text.length()) + text;
  }

  private static long[] powersOfTen() {
    long[] powers = new long[MAX_DIGITS + 1];
    powers[0] = 1;
    for (int i = 1; i < powers.length; i++) {
      powers[i] = powers[i - 1] * 10;
    }
    return powers;
  }
}
