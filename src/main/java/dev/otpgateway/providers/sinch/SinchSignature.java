package dev.otpgateway.providers.sinch;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sinch's callback signature, as sinch-sdk-java computes it
 * (client/src/main/com/sinch/sdk/auth/HmacAuthenticationValidation.java, checked against its
 * published vectors in HmacAuthenticationValidationTest and sms SinchEventsServiceTest):
 *
 * <pre>
 * x-sinch-webhook-signature = Base64( HMAC-SHA256( UTF8(secret), rawBody + "." + nonce + "." + timestamp ) )
 * </pre>
 *
 * where nonce and timestamp (Unix seconds) are the values of the {@code
 * x-sinch-webhook-signature-nonce} and {@code -timestamp} headers, and {@code
 * x-sinch-webhook-signature-algorithm} names the MAC ({@code HmacSHA256}). The secret is used as
 * its UTF-8 bytes, not Base64-decoded. Pure functions, no state.
 */
public final class SinchSignature {
  public static final String SIGNATURE_HEADER = "x-sinch-webhook-signature";
  public static final String NONCE_HEADER = "x-sinch-webhook-signature-nonce";
  public static final String TIMESTAMP_HEADER = "x-sinch-webhook-signature-timestamp";
  public static final String ALGORITHM_HEADER = "x-sinch-webhook-signature-algorithm";

  /** The one algorithm Sinch signs with, and the only one accepted. */
  public static final String ALGORITHM = "HmacSHA256";

  private SinchSignature() {}

  /** The Base64 signature of a callback body with this nonce and timestamp. */
  public static String compute(String secret, byte[] body, String nonce, String timestamp) {
    return Base64.getEncoder().encodeToString(mac(secret, body, nonce, timestamp));
  }

  /**
   * Whether {@code signature} is the signature of this callback, compared in constant time. A
   * signature that is not Base64 never matches.
   */
  public static boolean matches(
      String secret, byte[] body, String nonce, String timestamp, String signature) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    return MessageDigest.isEqual(mac(secret, body, nonce, timestamp), given);
  }

  private static byte[] mac(String secret, byte[] body, String nonce, String timestamp) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update(body);
      mac.update(("." + nonce + "." + timestamp).getBytes(StandardCharsets.UTF_8));
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
