package dev.otpgateway.providers.twilio;

import com.twilio.rest.api.v2010.account.Message;
import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds a message Twilio took after an ambiguous send, by listing the Messages sent to the number
 * from our sender ({@code GET /2010-04-01/Accounts/{AccountSid}/Messages.json?To=&From=&PageSize=},
 * {@code
 * https://www.twilio.com/docs/messaging/api/message-resource#read-multiple-message-resources}) and
 * matching the exact body. Twilio has no client reference, so this is only sound with care:
 *
 * <ul>
 *   <li>No {@code DateSent} filter: a message Twilio accepted but has not sent yet (exactly what a
 *       timed-out send leaves behind) has no {@code date_sent}, and such a filter would hide it.
 *   <li>A resend of a live code has the same body as the first send. A match counts only if it was
 *       created after this attempt started (less {@link #CLOCK_ALLOWANCE} for clock skew and the
 *       one-second resolution of {@code date_created}). The message says when its attempt was
 *       handed over ({@link OutboundMessage#startedAt}), so nothing is remembered here (a map of
 *       every attempt's start cost about 140 bytes a send); an attempt whose start is not known (a
 *       send settled after its member was lost) cannot be told apart from an earlier send, so a
 *       match then is AMBIGUOUS, while no match within the message's validity is still a sound "not
 *       sent".
 *   <li>"Not there" (RETRYABLE) is only said when the page holds every matching message; a full
 *       page with more behind it is AMBIGUOUS.
 * </ul>
 */
final class TwilioLookup {
  static final int PAGE_SIZE = 50;
  static final Duration CLOCK_ALLOWANCE = Duration.ofSeconds(2);

  private TwilioLookup() {}

  /**
   * Decides from the first page of the listing.
   *
   * @param complete whether the page holds every message the listing matched
   * @throws ProviderException RETRYABLE when Twilio surely does not have the message, AMBIGUOUS
   *     when the listing cannot tell
   */
  static Accepted decide(
      List<Message> page,
      boolean complete,
      OutboundMessage message,
      Optional<Instant> attemptStart,
      Instant now) {
    Instant since = attemptStart.orElse(now.minus(message.validity())).minus(CLOCK_ALLOWANCE);
    Optional<Message> match =
        page.stream()
            .filter(m -> m.getDirection() == Message.Direction.OUTBOUND_API)
            .filter(m -> message.to().equals(m.getTo()))
            .filter(m -> message.body().equals(m.getBody()))
            .filter(m -> m.getDateCreated() != null)
            .filter(m -> !m.getDateCreated().toInstant().isBefore(since))
            // The first one created after the attempt started is the attempt's own.
            .min(Comparator.comparing(Message::getDateCreated));
    if (match.isPresent() && attemptStart.isPresent()) {
      return new Accepted(match.get().getSid(), segments(match.get().getNumSegments()));
    }
    if (match.isPresent()) {
      throw failure(
          FailureKind.AMBIGUOUS,
          "lookup_unattributable",
          "a message with this text went to this number, but this attempt's start is unknown");
    }
    if (!complete) {
      throw failure(
          FailureKind.AMBIGUOUS,
          "lookup_incomplete",
          "more than " + PAGE_SIZE + " messages to this number; the listing is incomplete");
    }
    throw failure(FailureKind.RETRYABLE, "not_found", "Twilio has no such message");
  }

  static int segments(String numSegments) {
    try {
      return numSegments == null ? 0 : Math.max(0, Integer.parseInt(numSegments));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static ProviderException failure(FailureKind kind, String reason, String message) {
    return new ProviderException(TwilioProvider.NAME, kind, 0, reason, message);
  }
}
