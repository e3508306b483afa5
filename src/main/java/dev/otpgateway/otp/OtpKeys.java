package dev.otpgateway.otp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two keys that protect codes at rest, both derived from one server secret: a pepper for the
 * HMAC that checks codes, and a sealing key for the copy that resends and failover send again.
 * Deriving them (HKDF-style, one HMAC per purpose) lets an operator configure a single secret.
 */
public final class OtpKeys {
  public static final int MIN_SECRET_BYTES = 32;

  private final byte[] pepper;
  private final byte[] sealingKey;

  private OtpKeys(byte[] pepper, byte[] sealingKey) {
    this.pepper = pepper;
    this.sealingKey = sealingKey;
  }

  public static OtpKeys derive(byte[] secret) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the OTP secret must have at least "
              + MIN_SECRET_BYTES
              + " bytes, but had "
              + secret.length);
    }
    return new OtpKeys(
        expand(secret, "otp-gateway code pepper v1"), expand(secret, "otp-gateway code seal v1"));
  }

  byte[] pepper() {
    return pepper.clone();
  }

  byte[] sealingKey() {
    return sealingKey.clone();
  }

  private static byte[] expand(byte[] secret, String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
