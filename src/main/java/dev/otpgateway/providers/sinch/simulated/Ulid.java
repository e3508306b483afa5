package dev.otpgateway.providers.sinch.simulated;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Sinch's identifier format: a ULID, 26 characters of Crockford base32 (48 bits of milliseconds,
 * then 80 random bits). Batch ids ({@code 01FC66621XXXXX119Z8PMV1QPQ}) and callback nonces ({@code
 * 01JHFFHWYY7HSS4FWTMDTQEK8V}) both take this form in sinch-sdk-java's tests.
 */
final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Ulid(Clock clock) {
    this.clock = clock;
  }

  String next() {
    char[] out = new char[26];
    long millis = clock.millis();
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    byte[] entropy = new byte[10];
    random.nextBytes(entropy);
    // 80 bits = 16 base32 digits, read 5 bits at a time from the front.
    for (int i = 0; i < 16; i++) {
      int bit = i * 5;
      int value = 0;
      for (int b = 0; b < 5; b++) {
        int pos = bit + b;
        int set = (entropy[pos / 8] >> (7 - pos % 8)) & 1;
        value = (value << 1) | set;
      }
      out[10 + i] = ALPHABET[value];
    }
    return new String(out);
  }
}
