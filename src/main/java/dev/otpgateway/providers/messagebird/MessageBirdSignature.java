package dev.otpgateway.providers.messagebird;

import dev.otpgateway.providers.WebhookRejectedException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MessageBird's webhook signature: a JWT in the {@code MessageBird-Signature-JWT} header,
 * HMAC-signed with the account's signing key, whose claims bind it to the request: {@code iss}
 * "MessageBird", {@code nbf}, {@code exp}, {@code jti}, {@code url_hash} (SHA-256 hex of the full
 * URL) and {@code payload_hash} (SHA-256 hex of the body, present only when there is a body).
 *
 * <p>Checked as MessageBird's own validators check it (messagebird/go-rest-api {@code
 * signature_jwt/claims.go} and {@code signature.go}, messagebird/java-rest-api {@code
 * RequestValidator.java}, messagebird/python-rest-api {@code request_validator.py}; docs:
 * developers.messagebird.com/docs/verify-http-requests): the algorithm must be HS256, HS384 or
 * HS512 (MessageBird's published test cases accept all three; {@code none} and every asymmetric
 * algorithm are refused, so a token can't choose how it is checked); the key is the signing key's
 * UTF-8 bytes; {@code jti} must be present. Rejections carry the reason strings of MessageBird's
 * shared test cases. Pure and thread-safe; no I/O.
 */
public final class MessageBirdSignature {
  /** The header MessageBird puts the token in. */
  public static final String HEADER = "MessageBird-Signature-JWT";

  /**
   * Clock skew allowed on {@code nbf} and {@code exp}. MessageBird's SDKs allow 1 s; a few seconds
   * more costs nothing ({@code exp} is a minute after {@code nbf}), while a receipt refused for a
   * slow clock costs the person a second SMS.
   */
  public static final Duration LEEWAY = Duration.ofSeconds(5);

  private static final int MAX_TOKEN_CHARS = 8 * 1024;
  private static final String ISSUER = "MessageBird";
  private static final String HS256_HEADER =
      base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(MessageBirdSignature::sha256Digest);

  /** The HMAC algorithms a MessageBird token may name, and their JCA names. */
  private enum Algorithm {
    HS256("HmacSHA256"),
    HS384("HmacSHA384"),
    HS512("HmacSHA512");

    final String jcaName;

    Algorithm(String jcaName) {
      this.jcaName = jcaName;
    }

    static Algorithm named(Object alg) {
      for (Algorithm a : values()) {
        if (a.name().equals(alg)) {
          return a;
        }
      }
      return null;
    }
  }

  private final SecretKeySpec key;
  private final ThreadLocal<Mac[]> macs =
      ThreadLocal.withInitial(() -> new Mac[Algorithm.values().length]);

  /**
   * @param signingKey the account's signing key; empty means none is configured, and then every
   *     token is refused
   */
  public MessageBirdSignature(String signingKey) {
    byte[] bytes = signingKey.getBytes(StandardCharsets.UTF_8);
    this.key = bytes.length == 0 ? null : new SecretKeySpec(bytes, "HmacSHA256");
  }

  /** What a verified token says about itself. */
  public record Claims(String jti, Instant notBefore, Instant expires) {}

  /**
   * Verifies a token against the request it came with.
   *
   * @param url the full URL MessageBird called, query string included, exactly as called
   * @param body the raw body; null or empty when the request had none
   * @throws WebhookRejectedException (403) when the token is malformed, unsigned, forged, not yet
   *     valid, expired, or bound to another URL or body
   */
  public Claims verify(String token, String url, byte[] body, Instant now) {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      throw rejected("token is malformed");
    }
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
      throw rejected("token is malformed");
    }
    JsonObject header = decodeJson(token.substring(0, firstDot));
    Object alg = header.getValue("alg");
    if ("none".equals(alg)) {
      throw rejected("signing method none is invalid");
    }
    Algorithm algorithm = Algorithm.named(alg);
    if (algorithm == null) {
      throw rejected("signing method " + printable(alg) + " is invalid");
    }
    byte[] signature = decode(token.substring(secondDot + 1));
    byte[] expected = mac(algorithm, token.substring(0, secondDot));
    if (!MessageDigest.isEqual(expected, signature)) {
      throw rejected("signature is invalid");
    }
    JsonObject claims = decodeJson(token.substring(firstDot + 1, secondDot));
    return checkClaims(claims, url, body, now);
  }

  /**
   * Signs a request as MessageBird does (HS256), for the simulator.
   *
   * @param body the raw body, or null/empty for a request without one (no {@code payload_hash})
   */
  public String sign(String url, byte[] body, Instant notBefore, Instant expires, String jti) {
    JsonObject claims =
        new JsonObject()
            .put("iss", ISSUER)
            .put("nbf", notBefore.getEpochSecond())
            .put("exp", expires.getEpochSecond())
            .put("jti", jti)
            .put("url_hash", sha256Hex(url.getBytes(StandardCharsets.UTF_8)));
    if (body != null && body.length > 0) {
      claims.put("payload_hash", sha256Hex(body));
    }
    String signingInput =
        HS256_HEADER + "." + base64Url(claims.encode().getBytes(StandardCharsets.UTF_8));
    return signingInput + "." + base64Url(mac(Algorithm.HS256, signingInput));
  }

  private Claims checkClaims(JsonObject claims, String url, byte[] body, Instant now) {
    if (!ISSUER.equals(claims.getValue("iss"))) {
      throw rejected("claim iss is invalid");
    }
    Instant notBefore = epochSeconds(claims, "nbf");
    Instant expires = epochSeconds(claims, "exp");
    if (now.isBefore(notBefore.minus(LEEWAY))) {
      throw rejected("claim nbf is in the future");
    }
    if (now.isAfter(expires.plus(LEEWAY))) {
      throw rejected("claim exp is in the past");
    }
    if (!(claims.getValue("jti") instanceof String jti) || jti.isEmpty()) {
      throw rejected("claim jti is empty or missing");
    }
    if (!hashMatches(claims.getValue("url_hash"), url.getBytes(StandardCharsets.UTF_8))) {
      throw rejected("claim url_hash is invalid");
    }
    Object payloadHash = claims.getValue("payload_hash");
    boolean hasBody = body != null && body.length > 0;
    if (payloadHash != null && !hasBody) {
      throw rejected("claim payload_hash is set but actual payload is missing");
    }
    if (payloadHash == null && hasBody) {
      throw rejected("claim payload_hash is not set but payload is present");
    }
    if (hasBody && !hashMatches(payloadHash, body)) {
      throw rejected("claim payload_hash is invalid");
    }
    return new Claims(jti, notBefore, expires);
  }

  private static Instant epochSeconds(JsonObject claims, String name) {
    if (claims.getValue(name) instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    throw rejected("claim " + name + " is missing");
  }

  private static boolean hashMatches(Object claimed, byte[] content) {
    return claimed instanceof String hex
        && MessageDigest.isEqual(
            hex.getBytes(StandardCharsets.US_ASCII),
            sha256Hex(content).getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] mac(Algorithm algorithm, String signingInput) {
    if (key == null) {
      throw rejected("no signing key is configured");
    }
    Mac[] cache = macs.get();
    Mac mac = cache[algorithm.ordinal()];
    if (mac == null) {
      try {
        mac = Mac.getInstance(algorithm.jcaName);
        mac.init(new SecretKeySpec(key.getEncoded(), algorithm.jcaName));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(algorithm.jcaName + " is not available", e);
      }
      cache[algorithm.ordinal()] = mac;
    }
    // doFinal resets the Mac, so the cached instance is ready for this thread's next token.
    return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
  }

  private static JsonObject decodeJson(String part) {
    try {
      return new JsonObject(new String(decode(part), StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw rejected("token is malformed");
    }
  }

  private static byte[] decode(String part) {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw rejected("token is malformed");
    }
  }

  static String sha256Hex(byte[] content) {
    return HexFormat.of().formatHex(SHA256.get().digest(content));
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String printable(Object alg) {
    String text = String.valueOf(alg);
    return text.length() > 16 || !text.matches("[A-Za-z0-9]*") ? "(unrecognised)" : text;
  }

  private static WebhookRejectedException rejected(String reason) {
    return WebhookRejectedException.forged("invalid jwt: " + reason);
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
