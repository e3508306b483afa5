package dev.otpgateway.ledger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash the ledger keeps instead of a number: HMAC-SHA-256 under a key derived from the
 * gateway's secret, so every member hashes a number the same way and records about one person join
 * without the number, while nobody without the key can test a guessed number against the ledger.
 */
public final class NumberHasher {
  private final byte[] key;

  /**
   * @param secret the gateway's OTP secret; the key is derived from it for this purpose only
   */
  public NumberHasher(byte[] secret) {
    this.key = hmac(secret, "otp-gateway ledger number hash v1".getBytes(StandardCharsets.UTF_8));
  }

  public String hash(String e164) {
    return HexFormat.of().formatHex(hmac(key, e164.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
