package dev.otpgateway.providers.twilio;

import com.twilio.security.RequestValidator;
import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.ReceiptVerifier;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies Twilio's message status callbacks and reads them. Twilio POSTs {@code
 * application/x-www-form-urlencoded} with {@code MessageSid}, {@code MessageStatus}, {@code
 * ErrorCode}, ... ({@code
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status}) and signs them
 * ({@code X-Twilio-Signature}); the signature is checked with the Twilio SDK's own {@code
 * RequestValidator}, which also accepts the URL with or without its default port, as Twilio's
 * signing side is inconsistent about it. The scheme carries no timestamp or nonce, so a replay
 * cannot be told from the original here: a replayed receipt repeats a state its message has already
 * reached, and must be ignored downstream (receipt states only move forward).
 *
 * <p>Twilio sends a callback for each status change; {@code sent}, {@code delivered}, {@code
 * undelivered} and {@code failed} are read, the rest ({@code queued}, {@code sending}, {@code
 * accepted}, {@code read}, ...) yield no receipt. None carries the time of the event in a usable
 * zone ({@code RawDlrDoneDate} is the carrier's, in YYMMDDhhmm without a zone), so {@code at} is
 * when the callback arrived.
 */
public final class TwilioReceiptVerifier implements ReceiptVerifier {
  /** The header, lower case as {@link WebhookRequest#header} takes it. */
  public static final String SIGNATURE_HEADER = "x-twilio-signature";

  private final RequestValidator signature;
  private final Clock clock;

  public TwilioReceiptVerifier(String authToken, Clock clock) {
    this.signature = new RequestValidator(authToken);
    this.clock = clock;
  }

  @Override
  public List<DeliveryReceipt> verify(WebhookRequest request) {
    String given = request.header(SIGNATURE_HEADER);
    if (given == null || given.isBlank()) {
      throw WebhookRejectedException.unsigned("no X-Twilio-Signature");
    }
    if (!"POST".equalsIgnoreCase(request.method())) {
      throw WebhookRejectedException.forged("Twilio status callbacks are POSTs");
    }
    Map<String, String> params;
    Optional<String> reference;
    try {
      params = FormEncoding.decode(utf8(request.body()));
      reference = TwilioCallbackUrl.referenceOf(request.url());
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw WebhookRejectedException.forged("malformed status callback");
    }
    if (!signature.validate(request.url(), params, given.strip())) {
      throw WebhookRejectedException.forged("X-Twilio-Signature does not match");
    }
    return read(params, reference);
  }

  private List<DeliveryReceipt> read(Map<String, String> params, Optional<String> reference) {
    String status = first(params, "MessageStatus", "SmsStatus");
    String sid = first(params, "MessageSid", "SmsSid");
    if (reference.isEmpty() || status == null || sid == null) {
      // Authentic, but not about a message we sent with a reference (a console send, say).
      return List.of();
    }
    DeliveryReceipt.Status read =
        switch (status) {
          case "delivered" -> DeliveryReceipt.Status.DELIVERED;
          case "undelivered", "failed" -> DeliveryReceipt.Status.FAILED;
          case "sent" -> DeliveryReceipt.Status.SENT;
          default -> null;
        };
    if (read == null) {
      return List.of();
    }
    String errorCode =
        read == DeliveryReceipt.Status.FAILED ? blankToNull(params.get("ErrorCode")) : null;
    return List.of(new DeliveryReceipt(reference.get(), sid, read, errorCode, clock.instant()));
  }

  private static String first(Map<String, String> params, String name, String legacyName) {
    String value = blankToNull(params.get(name));
    return value != null ? value : blankToNull(params.get(legacyName));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String utf8(byte[] body) throws CharacterCodingException {
    if (body == null) {
      return "";
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(body))
        .toString();
  }
}
