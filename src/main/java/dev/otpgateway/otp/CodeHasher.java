package dev.otpgateway.otp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 of a code under the server pepper. The MAC also covers the verification id and the
 * transaction it approves, so a hash cannot be replayed onto another verification and a code only
 * approves the payment it was sent for (PSD2 dynamic linking).
 */
public final class CodeHasher {
  private final ThreadLocal<Mac> mac;

  public CodeHasher(OtpKeys keys) {
    SecretKeySpec key = new SecretKeySpec(keys.pepper(), "HmacSHA256");
    this.mac =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
              }
            });
  }

  /**
   * @param binding canonical text of what the code approves (a transaction), or empty
   */
  public byte[] hash(String verificationId, String code, String binding) {
    Mac m = mac.get();
    m.update(verificationId.getBytes(StandardCharsets.UTF_8));
    m.update((byte) 0);
    m.update(code.getBytes(StandardCharsets.US_ASCII));
    m.update((byte) 0);
    return m.doFinal(binding.getBytes(StandardCharsets.UTF_8));
  }

  /** Compares in time independent of where the first difference lies. */
  public static boolean matches(byte[] expected, byte[] candidate) {
    return MessageDigest.isEqual(expected, candidate);
  }
}
