package dev.otpgateway.providers.messagebird;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.ReceiptVerifier;
import dev.otpgateway.providers.ReplayGuard;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies and reads MessageBird's SMS status reports.
 *
 * <p>MessageBird calls the message's {@code reportUrl} (or the account's status report URL) for
 * messages sent with a {@code reference}, with the parameters {@code id}, {@code reference}, {@code
 * recipient}, {@code status}, {@code statusReason}, {@code statusErrorCode}, {@code
 * statusDatetime}, {@code mccmnc}, {@code ported}, {@code price[amount]}, {@code price[currency]},
 * {@code messageLength}, {@code messagePartCount}, {@code datacoding}. The documented and observed
 * method is GET with the parameters in the query string (support.messagebird.com "I am missing my
 * delivery reports"; a 2023 capture in nyaruka/courier {@code
 * handlers/messagebird/testdata/incoming.json}); the same parameters form-encoded in a POST body
 * are read too, over any in the query. Either way the signature covers them: the query through
 * {@code url_hash}, a body through {@code payload_hash}. A body in another format is not read.
 *
 * <p>Statuses (developers.messagebird.com/api/sms-messaging, recipient statuses): {@code delivered}
 * is DELIVERED; {@code delivery_failed} and {@code expired} are FAILED; {@code sent} and {@code
 * buffered} are SENT; {@code scheduled} and anything unknown yield no receipt.
 */
public final class MessageBirdReceipts implements ReceiptVerifier {
  /** The signature header, lower case as {@link WebhookRequest} holds headers. */
  static final String SIGNATURE_HEADER = MessageBirdSignature.HEADER.toLowerCase(Locale.ROOT);

  /**
   * A token that claims a longer life is still forgotten after this: MessageBird's tokens live a
   * minute or so.
   */
  static final Duration MAX_MEMORY = Duration.ofMinutes(10);

  /** The most token ids remembered: about 4 MB. */
  static final int REMEMBERED_TOKENS = 100_000;

  private final MessageBirdSignature signature;
  private final Clock clock;

  /** Remembers the {@code jti} of every verified token until the token expires. */
  private final ReplayGuard replays = new ReplayGuard(Duration.ofSeconds(10), REMEMBERED_TOKENS);

  public MessageBirdReceipts(String signingKey, Clock clock) {
    this.signature = new MessageBirdSignature(signingKey);
    this.clock = clock;
  }

  @Override
  public List<DeliveryReceipt> verify(WebhookRequest request) {
    String token = request.header(SIGNATURE_HEADER);
    if (token == null || token.isBlank()) {
      throw WebhookRejectedException.unsigned("no " + MessageBirdSignature.HEADER + " header");
    }
    Instant now = clock.instant();
    MessageBirdSignature.Claims claims =
        signature.verify(token.strip(), request.url(), request.body(), now);
    Instant forgetAt = claims.expires().plus(MessageBirdSignature.LEEWAY);
    Instant latest = now.plus(MAX_MEMORY);
    if (!replays.firstSighting(claims.jti(), forgetAt.isAfter(latest) ? latest : forgetAt, now)) {
      throw WebhookRejectedException.forged("invalid jwt: jti was used before (replay)");
    }
    return read(parameters(request), now);
  }

  /** The query's parameters, and a form body's over them: both are covered by the signature. */
  private static Map<String, List<String>> parameters(WebhookRequest request) {
    Map<String, List<String>> query = new QueryStringDecoder(request.url()).parameters();
    byte[] body = request.body();
    if (body == null || body.length == 0) {
      return query;
    }
    Map<String, List<String>> merged = new HashMap<>(query);
    merged.putAll(
        new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), false).parameters());
    return merged;
  }

  private static List<DeliveryReceipt> read(Map<String, List<String>> parameters, Instant now) {
    String reference = first(parameters, "reference");
    String status = first(parameters, "status");
    if (reference == null || status == null) {
      // MessageBird reports only messages sent with a reference; without one it isn't ours.
      return List.of();
    }
    DeliveryReceipt.Status mapped =
        switch (status) {
          case "delivered" -> DeliveryReceipt.Status.DELIVERED;
          case "delivery_failed", "expired" -> DeliveryReceipt.Status.FAILED;
          case "sent", "buffered" -> DeliveryReceipt.Status.SENT;
          default -> null;
        };
    if (mapped == null) {
      return List.of();
    }
    String errorCode = first(parameters, "statusErrorCode");
    if (errorCode == null && mapped == DeliveryReceipt.Status.FAILED) {
      errorCode = status;
    }
    return List.of(
        new DeliveryReceipt(
            reference,
            first(parameters, "id"),
            mapped,
            errorCode,
            at(first(parameters, "statusDatetime"), now)));
  }

  private static String first(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
      return null;
    }
    return values.get(0);
  }

  private static Instant at(String statusDatetime, Instant now) {
    if (statusDatetime == null) {
      return now;
    }
    try {
      return OffsetDateTime.parse(statusDatetime).toInstant();
    } catch (DateTimeParseException e) {
      return now;
    }
  }
}
