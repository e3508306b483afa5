package dev.otpgateway.providers.rbm.simulated;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the simulated RBM's webhook calls as RBM signs its own ("Verify incoming messages" in the
 * RBM webhook guide, guides/integrate/webhooks): {@code X-Goog-Signature} is the Base64 of an
 * HMAC-SHA512 keyed with the webhook's client token, over the event itself, that is the decoded
 * {@code message.data}, not the envelope around it.
 *
 * <p>Written from the document, apart from the adapter's verifier on purpose: the contract test is
 * only a check of the adapter if the two sides do not share the code that could be wrong.
 */
final class RbmEventSigner {
  static final String HEADER = "X-Goog-Signature";

  private static final String HMAC_SHA512 = "HmacSHA512";

  private final SecretKeySpec key;

  RbmEventSigner(String clientToken) {
    if (clientToken == null || clientToken.isEmpty()) {
      throw new IllegalArgumentException("the RBM webhook client token must not be empty");
    }
    this.key = new SecretKeySpec(clientToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA512);
  }

  String sign(byte[] event) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA512);
      mac.init(key);
      return Base64.getEncoder().encodeToString(mac.doFinal(event));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(HMAC_SHA512 + " is part of every Java runtime", e);
    }
  }
}
