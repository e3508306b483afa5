package dev.otpgateway.providers.sinch;

import static dev.otpgateway.providers.sinch.SinchSignature.ALGORITHM;
import static dev.otpgateway.providers.sinch.SinchSignature.ALGORITHM_HEADER;
import static dev.otpgateway.providers.sinch.SinchSignature.NONCE_HEADER;
import static dev.otpgateway.providers.sinch.SinchSignature.SIGNATURE_HEADER;
import static dev.otpgateway.providers.sinch.SinchSignature.TIMESTAMP_HEADER;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.ReceiptVerifier;
import dev.otpgateway.providers.ReplayGuard;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Verifies Sinch's signed callbacks ({@link SinchSignature}) and reads their delivery reports.
 *
 * <p>Stricter than sinch-sdk-java's check in three ways, each because a forger chooses the headers:
 * the algorithm header must name HmacSHA256 (the SDK hands whatever it says to {@code
 * Mac.getInstance}); the timestamp must be within five minutes of our clock (the SDK does not look
 * at it); and a nonce is accepted once (the SDK keeps none). No signature at all is 401; anything
 * else wrong is 403.
 */
public final class SinchReceiptVerifier implements ReceiptVerifier {
  /** How far a callback's timestamp may be from our clock, either way. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  /**
   * Nonces remembered for replay detection. A nonce is kept until its timestamp is five minutes
   * old, so this covers over 300 callbacks a second on one node in about 4 MB at most.
   */
  static final int REMEMBERED_NONCES = 100_000;

  private static final int MAX_NONCE_LENGTH = 128;

  private final String secret;
  private final Clock clock;
  private final ReplayGuard nonces;

  public SinchReceiptVerifier(String secret, Clock clock) {
    this.secret = secret;
    this.clock = clock;
    this.nonces = new ReplayGuard(Duration.ofMinutes(1), REMEMBERED_NONCES);
  }

  @Override
  public List<DeliveryReceipt> verify(WebhookRequest request) {
    String signature = request.header(SIGNATURE_HEADER);
    if (blank(signature)) {
      throw WebhookRejectedException.unsigned("no " + SIGNATURE_HEADER + " header");
    }
    String nonce = request.header(NONCE_HEADER);
    String timestamp = request.header(TIMESTAMP_HEADER);
    String algorithm = request.header(ALGORITHM_HEADER);
    if (blank(nonce) || blank(timestamp) || blank(algorithm)) {
      throw WebhookRejectedException.forged(
          "the signature's nonce, timestamp or algorithm is missing");
    }
    if (!ALGORITHM.equalsIgnoreCase(algorithm.strip())) {
      throw WebhookRejectedException.forged("unsupported signature algorithm");
    }
    if (nonce.length() > MAX_NONCE_LENGTH) {
      throw WebhookRejectedException.forged("the signature nonce is too long");
    }
    if (secret.isEmpty()) {
      throw WebhookRejectedException.forged("no Sinch webhook secret is configured");
    }
    Instant now = clock.instant();
    Instant signedAt = signedAt(timestamp);
    if (Duration.between(signedAt, now).abs().compareTo(TOLERANCE) > 0) {
      throw WebhookRejectedException.forged("the signature timestamp is not within 5 minutes");
    }
    if (!SinchSignature.matches(secret, request.body(), nonce, timestamp, signature)) {
      throw WebhookRejectedException.forged("the signature does not match");
    }
    if (!nonces.firstSighting(nonce, signedAt.plus(TOLERANCE), now)) {
      throw WebhookRejectedException.forged("this callback was already received (replayed nonce)");
    }
    return SinchDeliveryReports.read(request.body(), clock);
  }

  private static Instant signedAt(String timestamp) {
    String digits = timestamp.strip();
    if (!digits.matches("[0-9]{1,12}")) {
      throw WebhookRejectedException.forged("the signature timestamp is not Unix seconds");
    }
    return Instant.ofEpochSecond(Long.parseLong(digits));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
