package dev.otpgateway.events;

import java.security.SecureRandom;

/**
 * The ids the gateway mints for verifications and for the events of a start: a prefix and 128
 * random bits as 26 lowercase base32 characters, e.g. {@code ver_427rezzaa2b2zuom7ryywwpneu}. An id
 * of this form can be read back into its 128 bits ({@link #bitsOf}), which is how a structure
 * holding many ids for minutes keeps each in 32 bytes rather than as a 72-byte string.
 */
public final class Ids {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int CHARACTERS = 26;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The prefix of a verification's id. */
  public static final String VERIFICATION = "ver_";

  private Ids() {}

  /** An id's 128 bits, as two longs. */
  public record Bits(long high, long low) {}

  /** A random id: the prefix and 26 base32 characters (128 bits). */
  public static String mint(String prefix) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return text(prefix, bytes);
  }

  /** The id that {@link #mint} made with {@code prefix} and that {@link #bitsOf} read as these. */
  public static String of(String prefix, Bits bits) {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (bits.high() >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (bits.low() >>> (56 - 8 * i));
    }
    return text(prefix, bytes);
  }

  private static String text(String prefix, byte[] bytes) {
    StringBuilder id = new StringBuilder(prefix.length() + CHARACTERS).append(prefix);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        id.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    // 128 bits fill 25 characters and 3 bits of the 26th, whose 2 low bits stay 0.
    id.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    return id.toString();
  }

  /**
   * The 128 bits of an id that {@link #mint} made with {@code prefix}, or null for any other
   * string: each minted id has exactly one string, so ids with the same bits are the same id.
   */
  public static Bits bitsOf(String prefix, String id) {
    if (id.length() != prefix.length() + CHARACTERS || !id.startsWith(prefix)) {
      return null;
    }
    long high = 0;
    long low = 0;
    int last = id.length() - 1;
    for (int i = prefix.length(); i < last; i++) {
      int value = valueOf(id.charAt(i));
      if (value < 0) {
        return null;
      }
      // 25 characters make 125 bits: high never holds more than 61.
      high = high << 5 | low >>> 59;
      low = low << 5 | value;
    }
    int value = valueOf(id.charAt(last));
    if (value < 0 || (value & 3) != 0) {
      return null; // the last character's 2 low bits are padding, zero in a minted id
    }
    return new Bits(high << 3 | low >>> 61, low << 3 | value >>> 2);
  }

  private static int valueOf(char c) {
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= '2' && c <= '7') {
      return 26 + c - '2';
    }
    return -1;
  }
}
