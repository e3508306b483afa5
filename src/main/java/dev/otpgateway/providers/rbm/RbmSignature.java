package dev.otpgateway.providers.rbm;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Goog-Signature} RBM puts on every webhook call: the base64 of an HMAC-SHA512, keyed
 * with the webhook's client token, over the event itself, that is the base64-decoded bytes of the
 * body's {@code message.data}, not the raw body. ("Verify incoming messages" in the RBM webhook
 * guide, guides/integrate/webhooks, and the sample webhook of rbm-api-examples
 * nodejs/agents/rbm-nodejs-client-v1/routes/index.js.) The envelope around {@code message.data}
 * (attributes, Pub/Sub message id, publish time, subscription) is not covered.
 */
public final class RbmSignature {
  /** The header, lower case as {@code WebhookRequest} keys headers. */
  public static final String HEADER = "x-goog-signature";

  private static final String ALGORITHM = "HmacSHA512";

  private final SecretKeySpec key;

  /**
   * @param clientToken the {@code clientToken} the Business Communications Developer Console shows
   *     for the webhook
   */
  public RbmSignature(String clientToken) {
    if (clientToken == null || clientToken.isEmpty()) {
      throw new IllegalArgumentException("the RBM webhook client token must not be empty");
    }
    this.key = new SecretKeySpec(clientToken.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The header value RBM sends for this event (the decoded {@code message.data}). */
  public String sign(byte[] event) {
    return Base64.getEncoder().encodeToString(mac(event));
  }

  /** Whether the header value is the signature of this event; constant time in the digest. */
  public boolean verifies(byte[] event, String headerValue) {
    byte[] claimed;
    try {
      claimed = Base64.getDecoder().decode(headerValue.strip());
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    return MessageDigest.isEqual(mac(event), claimed);
  }

  private byte[] mac(byte[] event) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(event);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA512 is required of every Java platform", e);
    }
  }
}
