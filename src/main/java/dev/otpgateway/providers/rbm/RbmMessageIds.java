package dev.otpgateway.providers.rbm;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns our message reference into the {@code messageId} RBM requires, and back.
 *
 * <p>RBM takes the message id from the agent, and it "must be a UUID, as defined in RFC 4122"
 * (phones.agentMessages.create reference, and the {@code messageId} field of the generated client
 * {@code RCSBusinessMessaging.Phones.AgentMessages.Create} in rbm-api-examples). Our reference
 * ({@code ver_<id>.<attempt>}) is not one. RBM echoes only that id in its events, so the id has to
 * carry the reference for receipts to find their attempt.
 *
 * <p>A UUID holds 122 free bits once version and variant are set. A reference of at most {@value
 * #MAX_PACKED_LENGTH} characters from {@code [0-9A-Za-z_.]} is packed into a version-8 ("custom",
 * RFC 9562 §5.8) UUID, losslessly: 3 bits of format tag, 5 bits of length, 19 six-bit characters. A
 * longer reference cannot fit (a 26-character base32 id alone is 130 bits), so it gets a name-based
 * version-5 UUID: still deterministic, so a revoke or a resend finds the same message, but a
 * receipt for it can name only the RBM message id, not our reference.
 */
public final class RbmMessageIds {
  /** The longest reference that travels inside the UUID itself. */
  public static final int MAX_PACKED_LENGTH = 19;

  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.";
  private static final int FORMAT_TAG = 0b001;
  private static final int PAYLOAD_BITS = 122;
  private static final long LOW_62_BITS = (1L << 62) - 1;
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Our own namespace for name-based ids, so they never collide with another system's. */
  private static final UUID NAMESPACE = UUID.fromString("3c1f6f0e-6a52-4d0b-9a59-2f4f3b9e7d21");

  private RbmMessageIds() {}

  /** The RBM message id for our reference: the same reference always gives the same id. */
  public static String forReference(String reference) {
    return packable(reference) ? pack(reference).toString() : nameBased(reference).toString();
  }

  /** Our reference, when the message id carries one; empty for any other id. */
  public static Optional<String> referenceOf(String messageId) {
    if (messageId == null || !UUID_TEXT.matcher(messageId).matches()) {
      return Optional.empty();
    }
    return unpack(UUID.fromString(messageId));
  }

  /** Whether RBM takes this text as a message id: a UUID in its canonical 8-4-4-4-12 form. */
  public static boolean isUuid(String messageId) {
    return messageId != null && UUID_TEXT.matcher(messageId).matches();
  }

  static boolean packable(String reference) {
    if (reference.length() > MAX_PACKED_LENGTH) {
      return false;
    }
    for (int i = 0; i < reference.length(); i++) {
      if (ALPHABET.indexOf(reference.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static UUID pack(String reference) {
    BigInteger payload = BigInteger.valueOf(FORMAT_TAG);
    payload = payload.shiftLeft(5).or(BigInteger.valueOf(reference.length()));
    for (int i = 0; i < MAX_PACKED_LENGTH; i++) {
      int symbol = i < reference.length() ? ALPHABET.indexOf(reference.charAt(i)) : 0;
      payload = payload.shiftLeft(6).or(BigInteger.valueOf(symbol));
    }
    long high48 = payload.shiftRight(74).longValueExact();
    long middle12 = payload.shiftRight(62).longValue() & 0xFFF;
    long low62 = payload.longValue() & LOW_62_BITS;
    long msb = (high48 << 16) | (0x8L << 12) | middle12;
    long lsb = (0b10L << 62) | low62;
    return new UUID(msb, lsb);
  }

  private static Optional<String> unpack(UUID id) {
    if (id.version() != 8 || id.variant() != 2) {
      return Optional.empty();
    }
    long msb = id.getMostSignificantBits();
    long lsb = id.getLeastSignificantBits();
    BigInteger payload =
        BigInteger.valueOf(msb >>> 16)
            .shiftLeft(12)
            .or(BigInteger.valueOf(msb & 0xFFF))
            .shiftLeft(62)
            .or(BigInteger.valueOf(lsb & LOW_62_BITS));
    if (payload.shiftRight(PAYLOAD_BITS - 3).intValue() != FORMAT_TAG) {
      return Optional.empty();
    }
    int length = payload.shiftRight(PAYLOAD_BITS - 8).intValue() & 0x1F;
    if (length > MAX_PACKED_LENGTH) {
      return Optional.empty();
    }
    StringBuilder reference = new StringBuilder(length);
    for (int i = 0; i < MAX_PACKED_LENGTH; i++) {
      int shift = PAYLOAD_BITS - 8 - 6 * (i + 1);
      int symbol = payload.shiftRight(shift).intValue() & 0x3F;
      if (i < length) {
        reference.append(ALPHABET.charAt(symbol));
      } else if (symbol != 0) {
        // Not what pack() writes: some other system's version-8 id.
        return Optional.empty();
      }
    }
    return Optional.of(reference.toString());
  }

  private static UUID nameBased(String reference) {
    // RFC 9562 §5.5: SHA-1 over namespace and name, then version 5 and the RFC variant.
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(
          ByteBuffer.allocate(16)
              .putLong(NAMESPACE.getMostSignificantBits())
              .putLong(NAMESPACE.getLeastSignificantBits())
              .array());
      ByteBuffer hash = ByteBuffer.wrap(sha1.digest(reference.getBytes(StandardCharsets.UTF_8)));
      long msb = (hash.getLong() & ~0xF000L) | 0x5000L;
      long lsb = (hash.getLong() & ~(0b11L << 62)) | (0b10L << 62);
      return new UUID(msb, lsb);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-1", e);
    }
  }
}
