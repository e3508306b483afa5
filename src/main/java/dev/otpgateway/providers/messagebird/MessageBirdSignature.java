package dev.otpgateway.providers.messagebird;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.otpgateway.providers.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * MessageBird's webhook signature: a JWT in the {@code MessageBird-Signature-JWT} header,
 * HMAC-signed with the account's signing key, whose claims bind it to the request: {@code iss}
 * "MessageBird", {@code nbf}, {@code exp}, {@code jti}, {@code url_hash} (SHA-256 hex of the full
 * URL) and {@code payload_hash} (SHA-256 hex of the body, present only when there is a body).
 *
 * <p>The token itself (its encoding, algorithm, signature, issuer, times and id) is checked by
 * Auth0's java-jwt, the request binding here, as MessageBird's own validators check it
 * (messagebird/go-rest-api {@code signature_jwt}, messagebird/java-rest-api {@code
 * RequestValidator.java}; docs: developers.messagebird.com/docs/verify-http-requests): the
 * algorithm must be HS256, HS384 or HS512 (MessageBird's published test cases use all three; {@code
 * none} and every asymmetric algorithm are refused before any key is chosen, so a token can't pick
 * how it is checked); the key is the signing key's UTF-8 bytes; {@code jti} must be there.
 * Rejections carry the reason strings of MessageBird's shared test cases. Thread-safe; no I/O.
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

  private final byte[] key;

  /**
   * @param signingKey the account's signing key; empty means none is configured, and then every
   *     token is refused
   */
  public MessageBirdSignature(String signingKey) {
    byte[] bytes = signingKey.getBytes(StandardCharsets.UTF_8);
    this.key = bytes.length == 0 ? null : bytes;
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
    DecodedJWT jwt;
    try {
      jwt = JWT.decode(token);
    } catch (JWTDecodeException e) {
      throw rejected("token is malformed");
    }
    Algorithm algorithm = algorithm(jwt.getAlgorithm());
    JWTVerifier verifier =
        ((JWTVerifier.BaseVerification)
                JWT.require(algorithm)
                    .withIssuer(ISSUER)
                    .withClaimPresence("nbf")
                    .withClaimPresence("exp")
                    .acceptLeeway(LEEWAY.toSeconds()))
            .build(Clock.fixed(now, ZoneOffset.UTC));
    try {
      verifier.verify(jwt);
    } catch (JWTVerificationException e) {
      throw rejected(reason(e));
    }
    String jti = jwt.getId();
    if (jti == null || jti.isEmpty()) {
      throw rejected("claim jti is empty or missing");
    }
    checkBinding(jwt, url, body);
    return new Claims(jti, jwt.getNotBeforeAsInstant(), jwt.getExpiresAtAsInstant());
  }

  /**
   * Signs a request as MessageBird does (HS256), for the simulator.
   *
   * @param body the raw body, or null/empty for a request without one (no {@code payload_hash})
   */
  public String sign(String url, byte[] body, Instant notBefore, Instant expires, String jti) {
    var token =
        JWT.create()
            .withIssuer(ISSUER)
            .withNotBefore(notBefore)
            .withExpiresAt(expires)
            .withJWTId(jti)
            .withClaim("url_hash", sha256Hex(url.getBytes(StandardCharsets.UTF_8)));
    if (body != null && body.length > 0) {
      token.withClaim("payload_hash", sha256Hex(body));
    }
    return token.sign(Algorithm.HMAC256(requireKey()));
  }

  /** The algorithm the token names, when it is one MessageBird signs with. */
  private Algorithm algorithm(String alg) {
    if ("none".equals(alg)) {
      throw rejected("signing method none is invalid");
    }
    Function<byte[], Algorithm> hmac =
        switch (alg == null ? "" : alg) {
          case "HS256" -> Algorithm::HMAC256;
          case "HS384" -> Algorithm::HMAC384;
          case "HS512" -> Algorithm::HMAC512;
          default -> null;
        };
    if (hmac == null) {
      throw rejected("signing method " + printable(alg) + " is invalid");
    }
    return hmac.apply(requireKey());
  }

  private byte[] requireKey() {
    if (key == null) {
      throw rejected("no signing key is configured");
    }
    return key;
  }

  /** MessageBird's reason for what the library found wrong. */
  private static String reason(JWTVerificationException e) {
    if (e instanceof SignatureVerificationException) {
      return "signature is invalid";
    }
    if (e instanceof TokenExpiredException) {
      return "claim exp is in the past";
    }
    if (e instanceof MissingClaimException missing) {
      return "claim " + missing.getClaimName() + " is missing";
    }
    if (e instanceof IncorrectClaimException incorrect) {
      return switch (incorrect.getClaimName()) {
        case "nbf" -> "claim nbf is in the future";
        case "iss" -> "claim iss is invalid";
        default -> "claim " + incorrect.getClaimName() + " is invalid";
      };
    }
    return "token is malformed";
  }

  /** The claims that tie the token to this request: its URL and its body. */
  private static void checkBinding(DecodedJWT jwt, String url, byte[] body) {
    if (!hashMatches(jwt.getClaim("url_hash").asString(), url.getBytes(StandardCharsets.UTF_8))) {
      throw rejected("claim url_hash is invalid");
    }
    String payloadHash = jwt.getClaim("payload_hash").asString();
    boolean payloadHashSet = !jwt.getClaim("payload_hash").isMissing();
    boolean hasBody = body != null && body.length > 0;
    if (payloadHashSet && !hasBody) {
      throw rejected("claim payload_hash is set but actual payload is missing");
    }
    if (!payloadHashSet && hasBody) {
      throw rejected("claim payload_hash is not set but payload is present");
    }
    if (hasBody && !hashMatches(payloadHash, body)) {
      throw rejected("claim payload_hash is invalid");
    }
  }

  private static boolean hashMatches(String claimed, byte[] content) {
    return claimed != null
        && MessageDigest.isEqual(
            claimed.getBytes(StandardCharsets.US_ASCII),
            sha256Hex(content).getBytes(StandardCharsets.US_ASCII));
  }

  static String sha256Hex(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String printable(String alg) {
    String text = String.valueOf(alg);
    return text.length() > 16 || !text.matches("[A-Za-z0-9]*") ? "(unrecognised)" : text;
  }

  private static WebhookRejectedException rejected(String reason) {
    return WebhookRejectedException.forged("invalid jwt: " + reason);
  }
}
