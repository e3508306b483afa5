package dev.otpgateway.providers.sinch.simulated;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a send-batch request the way Sinch's SMS API does, refusing with its codes. Fields and
 * limits from the API reference (developers.sinch.com/docs/sms/api-reference/sms/batches, "Send"):
 * {@code to} 1 to 1000 MSISDNs or group ids, {@code body} up to 2000 characters, {@code from} a
 * phone number, short code or alphanumeric sender (required: the simulated plan has no automatic
 * default originator), {@code expire_at} after {@code send_at} and at most 3 days after it.
 */
final class SimulatedBatchParser {
  static final Set<String> DELIVERY_REPORTS =
      Set.of("none", "summary", "full", "per_recipient", "per_recipient_final");

  private static final Pattern MSISDN = Pattern.compile("\\+?[1-9][0-9]{6,14}");
  private static final Pattern GROUP_ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
  private static final Pattern NUMERIC_SENDER = Pattern.compile("\\+?[0-9]{3,15}");
  private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("[A-Za-z0-9 ]{1,11}");
  private static final int MAX_RECIPIENTS = 1000;
  private static final int MAX_BODY = 2000;

  /**
   * How long after {@code send_at} Sinch keeps trying: "expire_at: If set, the system will stop
   * trying to deliver the message at this point. Must be after send_at. Default and max is 3 days
   * after send_at." (Sinch SMS API reference, Batches, "Send"; the same text in the SDKs'
   * TextRequest). Sinch's own figure, not the adapter's: a wrong limit in the adapter must meet
   * this one and fail.
   */
  static final Duration MAX_EXPIRY = Duration.ofDays(3);

  private SimulatedBatchParser() {}

  /**
   * @throws SinchApiError what the real API answers for this request
   */
  static SimulatedBatch parse(Buffer raw, String id, Instant now) {
    JsonObject json;
    try {
      json = raw == null ? null : new JsonObject(raw);
    } catch (RuntimeException e) {
      throw SinchApiError.invalidJson("the request body is not a JSON object");
    }
    if (json == null) {
      throw SinchApiError.invalidJson("the request body is empty");
    }
    Object type = json.getValue("type");
    if (type != null && !"mt_text".equals(type)) {
      throw SinchApiError.invalidFormat("type: only mt_text batches are simulated");
    }
    List<String> to = recipients(json);
    String from = sender(json);
    String body = text(json, "body");
    if (body == null) {
      throw SinchApiError.constraint("body: is required");
    }
    if (body.length() > MAX_BODY) {
      throw SinchApiError.constraint("body: must be at most " + MAX_BODY + " characters");
    }
    String deliveryReport = text(json, "delivery_report");
    if (deliveryReport == null) {
      deliveryReport = "none";
    } else if (!DELIVERY_REPORTS.contains(deliveryReport)) {
      throw SinchApiError.invalidFormat("delivery_report: must be one of " + DELIVERY_REPORTS);
    }
    Instant sendAt = instant(json, "send_at");
    Instant start = sendAt == null || sendAt.isBefore(now) ? now : sendAt;
    Instant expireAt = instant(json, "expire_at");
    if (expireAt == null) {
      expireAt = start.plus(MAX_EXPIRY);
    } else if (!expireAt.isAfter(start) || expireAt.isAfter(start.plus(MAX_EXPIRY))) {
      throw SinchApiError.constraint("expire_at: must be after send_at and at most 3 days after");
    }
    return new SimulatedBatch(
        id,
        to,
        from,
        body,
        deliveryReport,
        sendAt,
        expireAt,
        callbackUrl(json),
        text(json, "client_reference"),
        now);
  }

  private static List<String> recipients(JsonObject json) {
    Object value = json.getValue("to");
    if (value == null) {
      throw SinchApiError.constraint("to: is required");
    }
    if (!(value instanceof JsonArray array)) {
      throw SinchApiError.invalidJson("to: must be an array of strings");
    }
    if (array.isEmpty() || array.size() > MAX_RECIPIENTS) {
      throw SinchApiError.constraint("to: must have 1 to " + MAX_RECIPIENTS + " recipients");
    }
    List<String> to = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof String recipient)) {
        throw SinchApiError.invalidJson("to: must be an array of strings");
      }
      if (GROUP_ID.matcher(recipient).matches()
          && !recipient.chars().allMatch(Character::isDigit)) {
        // Recipients may name groups; the simulated plan has none.
        throw new SinchApiError(403, "unknown_group", "to: group " + recipient + " is unknown");
      }
      if (!MSISDN.matcher(recipient).matches()) {
        throw SinchApiError.invalidFormat("to: a recipient is not a valid MSISDN");
      }
      to.add(recipient);
    }
    return to;
  }

  private static String sender(JsonObject json) {
    String from = text(json, "from");
    if (from == null) {
      throw SinchApiError.constraint("from: is required (no default originator is configured)");
    }
    if (!NUMERIC_SENDER.matcher(from).matches() && !ALPHANUMERIC_SENDER.matcher(from).matches()) {
      throw SinchApiError.invalidFormat("from: must be a phone number, short code or alphanumeric");
    }
    return from;
  }

  private static String callbackUrl(JsonObject json) {
    String url = text(json, "callback_url");
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url);
      if (uri.getHost() != null
          && ("http".equalsIgnoreCase(uri.getScheme())
              || "https".equalsIgnoreCase(uri.getScheme()))) {
        return url;
      }
    } catch (URISyntaxException e) {
      // falls through to the refusal below
    }
    throw SinchApiError.invalidFormat("callback_url: must be a valid URL");
  }

  private static Instant instant(JsonObject json, String field) {
    String value = text(json, field);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw SinchApiError.invalidFormat(field + ": must be an ISO-8601 date-time");
    }
  }

  /** A string field, or null when absent; another JSON type does not conform to the API. */
  private static String text(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw SinchApiError.invalidJson(field + ": must be a string");
    }
    return s;
  }
}
