package dev.otpgateway.providers.sinch.simulated;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the simulated Sinch's callbacks as Sinch signs its own (Sinch's "Callback request signing":
 * the headers below; the signed string is the raw body, a dot, the nonce, a dot, the Unix
 * timestamp; HMAC-SHA256 keyed with the webhook secret's UTF-8 bytes; Base64; checked against the
 * published vectors of sinch-sdk-java {@code HmacAuthenticationValidationTest}).
 *
 * <p>Written from the document, apart from the adapter's verifier on purpose: the contract test is
 * only a check of the adapter if the two sides do not share the code that could be wrong.
 */
final class SinchCallbackSigner {
  static final String SIGNATURE_HEADER = "x-sinch-webhook-signature";
  static final String NONCE_HEADER = "x-sinch-webhook-signature-nonce";
  static final String TIMESTAMP_HEADER = "x-sinch-webhook-signature-timestamp";
  static final String ALGORITHM_HEADER = "x-sinch-webhook-signature-algorithm";
  static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  SinchCallbackSigner(String webhookSecret) {
    if (webhookSecret.isEmpty()) {
      throw new IllegalArgumentException("the simulated Sinch API needs a webhook secret to sign");
    }
    this.key = new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  String sign(byte[] body, String nonce, String timestamp) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(body);
      byte[] digest = mac.doFinal(("." + nonce + "." + timestamp).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", e);
    }
  }
}
