package dev.otpgateway.providers.twilio.simulated;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the simulated Twilio refuses when a Message is created, with Twilio's codes and titles from
 * its error dictionary ({@code https://www.twilio.com/docs/api/errors}): missing {@code To}
 * (21604), missing {@code From} (21603), missing {@code Body} (21602), an invalid {@code To}
 * (21211) or {@code From} (21212), the same number twice (21266), a body over 1600 characters
 * (21617), a {@code ValidityPeriod} outside 1..36000 (21624), an invalid {@code StatusCallback}
 * (21609). It has no Messaging Services, so a {@code MessagingServiceSid} is one that does not
 * exist (21701).
 */
final class TwilioCreateRules {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern SHORT_CODE = Pattern.compile("[0-9]{3,8}");

  /**
   * Alphanumeric sender IDs: up to 11 letters, digits and spaces, at least one letter ({@code
   * https://www.twilio.com/docs/messaging/guides/alphanumeric-sender-id}).
   */
  private static final Pattern ALPHANUMERIC = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");

  private static final int MAX_BODY_CHARACTERS = 1600;

  /**
   * Twilio's range for {@code ValidityPeriod}: "Set ValidityPeriod to an integer between 1 and
   * 36,000 seconds (10 hours)", else error 21624 ({@code
   * https://www.twilio.com/docs/api/errors/21624}; the same range in the Message resource's {@code
   * ValidityPeriod} and in error 90007). Twilio's own figure, not the adapter's: a wrong limit in
   * the adapter must meet this one and fail.
   */
  static final long MIN_VALIDITY_SECONDS = 1;

  static final long MAX_VALIDITY_SECONDS = 36_000;

  private TwilioCreateRules() {}

  /** Twilio's error body for the first thing wrong with the form, if anything is. */
  static Optional<JsonObject> refusal(MultiMap form) {
    String to = value(form, "To");
    String from = value(form, "From");
    String body = value(form, "Body");
    if (to == null) {
      return refuse(21604, "A 'To' phone number is required.");
    }
    if (value(form, "MessagingServiceSid") != null) {
      return refuse(21701, "The Messaging Service does not exist");
    }
    if (from == null) {
      return refuse(21603, "A 'From' phone number is required.");
    }
    if (body == null && value(form, "MediaUrl") == null && value(form, "ContentSid") == null) {
      return refuse(21602, "Message body is required.");
    }
    if (!E164.matcher(to).matches()) {
      return refuse(21211, "The 'To' number " + to + " is not a valid phone number.");
    }
    if (!E164.matcher(from).matches()
        && !SHORT_CODE.matcher(from).matches()
        && !ALPHANUMERIC.matcher(from).matches()) {
      return refuse(
          21212,
          "The 'From' number "
              + from
              + " is not a valid phone number, shortcode, or alphanumeric sender ID.");
    }
    if (to.equals(from)) {
      return refuse(21266, "'To' and 'From' numbers cannot be the same");
    }
    if (body != null && body.codePointCount(0, body.length()) > MAX_BODY_CHARACTERS) {
      return refuse(21617, "The concatenated message body exceeds the 1600 character limit.");
    }
    String validity = value(form, "ValidityPeriod");
    if (validity != null && !validValidity(validity)) {
      return refuse(21624, "Invalid validity period value");
    }
    String callback = value(form, "StatusCallback");
    if (callback != null && !validCallback(callback)) {
      return refuse(21609, "Invalid 'StatusCallback'");
    }
    return Optional.empty();
  }

  /** A form field's value, or null when it is absent or blank. */
  static String value(MultiMap form, String name) {
    String value = form.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  private static boolean validValidity(String value) {
    try {
      long seconds = Long.parseLong(value.strip());
      return seconds >= MIN_VALIDITY_SECONDS && seconds <= MAX_VALIDITY_SECONDS;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Absolute http(s) with a host name; "underscores are not allowed" in it (Twilio's guide). */
  private static boolean validCallback(String value) {
    try {
      URI uri = new URI(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && !uri.getHost().contains("_");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static Optional<JsonObject> refuse(int code, String message) {
    return Optional.of(TwilioWire.error(400, code, message));
  }
}
