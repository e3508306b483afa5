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
  /** Each thread's MAC under the key: one keyed once, not a provider lookup and key per number. */
  private final ThreadLocal<Mac> macs;

  /**
   * @param secret the gateway's OTP secret; the key is derived from it for this purpose only
   */
  public NumberHasher(byte[] secret) {
    byte[] key =
        mac(secret).doFinal("otp-gateway ledger number hash v1".getBytes(StandardCharsets.UTF_8));
    this.macs = ThreadLocal.withInitial(() -> mac(key));
  }

  public String hash(String e164) {
    return HexFormat.of().formatHex(macs.get().doFinal(e164.getBytes(StandardCharsets.UTF_8)));
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
