package dev.otpgateway.providers.messagebird.simulated;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code POST /messages} request as the simulated MessageBird reads and validates it: JSON, or
 * the same fields form-encoded (recipients then comma-separated), as the real API takes both.
 *
 * <p>Validation follows what MessageBird is seen to answer: missing recipients and originator are
 * reported together (messagebird/messagebird-nodejs {@code lib/test.js}: "no (correct) recipients
 * found (code: 9, parameter: recipients), originator is required (code: 9, parameter:
 * originator)"), an invalid originator is code 10 (messagebird/php-rest-api {@code
 * RequestException}: "(#10) originator is invalid"), and recipients that are not MSISDNs are
 * dropped, leaving code 9 when none is left. Originator rules from
 * developers.messagebird.com/api/sms-messaging: a telephone number or an alphanumeric string of at
 * most 11 characters; the 128-character reference limit from support.messagebird.com "I am missing
 * my delivery reports".
 */
final class SimulatedSend {
  private static final Pattern MSISDN = Pattern.compile("\\+?[1-9][0-9]{6,14}");
  private static final Pattern NUMERIC_ORIGINATOR = Pattern.compile("\\+?[0-9]{1,17}");
  private static final Pattern ALPHANUMERIC_ORIGINATOR = Pattern.compile("[A-Za-z0-9 ]{1,11}");
  private static final int MAX_REFERENCE = 128;

  /**
   * {@code validity}: "The amount of seconds that the message is valid. If a message is not
   * delivered within this time, the message will be discarded." (developers.messagebird.com
   * api/sms-messaging, "Send outbound SMS"), an integer. MessageBird documents no upper bound, so
   * any whole number of seconds from one up to the integer's range is taken.
   */
  static final long MIN_VALIDITY_SECONDS = 1;

  /** One entry of MessageBird's {@code errors} array. */
  record Error(int code, String description, String parameter) {
    JsonObject toJson() {
      return new JsonObject()
          .put("code", code)
          .put("description", description)
          .put("parameter", parameter);
    }
  }

  /** A request that passed validation. */
  record Valid(
      List<Long> recipients,
      String originator,
      String body,
      String reference,
      String reportUrl,
      Integer validity) {}

  final Valid valid;
  final List<Error> errors;

  private SimulatedSend(Valid valid, List<Error> errors) {
    this.valid = valid;
    this.errors = errors;
  }

  static SimulatedSend fromJson(JsonObject json) {
    return validate(
        recipients(json.getValue("recipients")),
        text(json.getValue("originator")),
        text(json.getValue("body")),
        text(json.getValue("reference")),
        text(json.getValue("reportUrl")),
        json.getValue("validity"));
  }

  static SimulatedSend fromForm(MultiMap form) {
    String recipients = form.get("recipients");
    return validate(
        recipients == null ? List.of() : recipients(new JsonArray(List.of(recipients.split(",")))),
        form.get("originator"),
        form.get("body"),
        form.get("reference"),
        form.get("reportUrl"),
        form.get("validity"));
  }

  private static SimulatedSend validate(
      List<Long> recipients,
      String originator,
      String body,
      String reference,
      String reportUrl,
      Object validity) {
    List<Error> errors = new ArrayList<>();
    if (recipients.isEmpty()) {
      errors.add(new Error(9, "no (correct) recipients found", "recipients"));
    }
    if (originator == null || originator.isBlank()) {
      errors.add(new Error(9, "originator is required", "originator"));
    }
    if (!errors.isEmpty()) {
      return new SimulatedSend(null, errors);
    }
    if (!NUMERIC_ORIGINATOR.matcher(originator).matches()
        && !ALPHANUMERIC_ORIGINATOR.matcher(originator).matches()) {
      errors.add(new Error(10, "originator is invalid", "originator"));
    }
    if (body == null || body.isEmpty()) {
      errors.add(new Error(9, "body is required", "body"));
    }
    if (reference != null && reference.length() > MAX_REFERENCE) {
      errors.add(new Error(10, "reference is invalid", "reference"));
    }
    if (reportUrl != null && !isHttpUrl(reportUrl)) {
      errors.add(new Error(10, "reportUrl is invalid", "reportUrl"));
    }
    Integer seconds = validity == null ? null : seconds(validity);
    if (validity != null && seconds == null) {
      errors.add(new Error(10, "validity is invalid", "validity"));
    }
    if (!errors.isEmpty()) {
      return new SimulatedSend(null, errors);
    }
    return new SimulatedSend(
        new Valid(recipients, originator, body, reference, reportUrl, seconds), List.of());
  }

  /** The recipients that are MSISDNs, as numbers; MessageBird drops the rest. */
  private static List<Long> recipients(Object value) {
    if (!(value instanceof JsonArray array)) {
      return List.of();
    }
    List<Long> msisdns = new ArrayList<>();
    for (Object item : array) {
      String candidate =
          item instanceof String s
              ? s.strip()
              : item instanceof Long || item instanceof Integer ? item.toString() : "";
      if (MSISDN.matcher(candidate).matches()) {
        msisdns.add(Long.parseLong(msisdn(candidate)));
      }
    }
    return msisdns;
  }

  /** MessageBird's MSISDN form of a number: the digits, without the {@code +}. */
  static String msisdn(String number) {
    return number.startsWith("+") ? number.substring(1) : number;
  }

  private static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    return value instanceof Number n ? n.toString() : null;
  }

  private static Integer seconds(Object value) {
    long seconds;
    if (value instanceof Integer || value instanceof Long) {
      seconds = ((Number) value).longValue();
    } else if (value instanceof String s && s.matches("[0-9]{1,10}")) {
      seconds = Long.parseLong(s);
    } else {
      return null;
    }
    return seconds >= MIN_VALIDITY_SECONDS && seconds <= Integer.MAX_VALUE ? (int) seconds : null;
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = URI.create(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
