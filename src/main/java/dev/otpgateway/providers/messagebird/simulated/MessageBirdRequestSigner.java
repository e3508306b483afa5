package dev.otpgateway.providers.messagebird.simulated;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the simulated MessageBird's webhooks as MessageBird signs its own
 * (developers.messagebird.com/docs/verify-http-requests; the claims its SDKs check, e.g.
 * messagebird/go-rest-api {@code signature_jwt/claims.go}): a JWT in {@code
 * MessageBird-Signature-JWT}, HS256 with the signing key's UTF-8 bytes, claims {@code iss}
 * "MessageBird", {@code nbf}, {@code exp}, {@code jti}, {@code url_hash} (hex SHA-256 of the full
 * URL) and, only when there is a body, {@code payload_hash} (hex SHA-256 of it).
 *
 * <p>Written from the document, apart from the adapter's verifier on purpose: the contract test is
 * only a check of the adapter if the two sides do not share the code that could be wrong.
 */
final class MessageBirdRequestSigner {
  static final String HEADER = "MessageBird-Signature-JWT";

  private static final String HS256 = "HmacSHA256";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;

  MessageBirdRequestSigner(String signingKey) {
    this.key = new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), HS256);
  }

  /**
   * @param body the raw body, or empty for a request without one
   */
  String sign(String url, byte[] body, Instant notBefore, Instant expires, String jti) {
    JsonObject claims =
        new JsonObject()
            .put("iss", "MessageBird")
            .put("nbf", notBefore.getEpochSecond())
            .put("exp", expires.getEpochSecond())
            .put("jti", jti)
            .put("url_hash", sha256Hex(url.getBytes(StandardCharsets.UTF_8)));
    if (body.length > 0) {
      claims.put("payload_hash", sha256Hex(body));
    }
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    String signingInput = base64Url(header) + "." + base64Url(claims.encode());
    try {
      Mac mac = Mac.getInstance(HS256);
      mac.init(key);
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(HS256 + " is part of every Java runtime", e);
    }
  }

  private static String base64Url(String json) {
    return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256Hex(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
