package dev.otpgateway.providers.twilio.simulated;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The simulated Twilio's JSON: Message resources, list pages and error bodies in the shapes of
 * Twilio's REST API ({@code https://www.twilio.com/docs/messaging/api/message-resource}, the
 * example responses in {@code
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status}), which the SDK's
 * {@code Message.fromJson}, {@code Page.fromJson} and {@code RestException.fromJson} read.
 */
final class TwilioWire {
  static final String API_VERSION = "2010-04-01";

  /** Twilio's dates: RFC 2822 in GMT, e.g. {@code Thu, 24 Aug 2023 05:01:45 +0000}. */
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
          .withZone(ZoneOffset.UTC);

  private TwilioWire() {}

  /** A SID: two letters of type ({@code SM} message, {@code RQ} request) and 32 hex digits. */
  static String sid(String prefix) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return prefix + String.format(Locale.ROOT, "%016x%016x", random.nextLong(), random.nextLong());
  }

  static String rfc2822(Instant instant) {
    return instant == null ? null : RFC_2822.format(instant);
  }

  static String messagesPath(String accountSid) {
    return "/" + API_VERSION + "/Accounts/" + accountSid + "/Messages";
  }

  static JsonObject message(SimulatedTwilioMessages.Resource m) {
    String uri = messagesPath(m.accountSid()) + "/" + m.sid();
    return new JsonObject()
        .put("account_sid", m.accountSid())
        .put("api_version", API_VERSION)
        .put("body", m.body())
        .put("date_created", rfc2822(m.dateCreated()))
        .put("date_sent", rfc2822(m.dateSent()))
        .put("date_updated", rfc2822(m.dateUpdated()))
        .put("direction", "outbound-api")
        .put("error_code", m.errorCode())
        .put("error_message", m.errorCode() == null ? null : errorTitle(m.errorCode()))
        .put("from", m.from())
        .put("messaging_service_sid", null)
        .put("num_media", "0")
        .put("num_segments", Integer.toString(m.segments()))
        .put("price", null)
        .put("price_unit", "USD")
        .put("sid", m.sid())
        .put("status", m.status())
        .put(
            "subresource_uris",
            new JsonObject()
                .put("media", uri + "/Media.json")
                .put("feedback", uri + "/Feedback.json"))
        .put("to", m.to())
        .put("uri", uri + ".json");
  }

  /**
   * A page of a listing, in the 2010-04-01 API's paging shape.
   *
   * @param uri this page's URI, query included
   * @param nextPageUri the next page's URI, or null on the last page
   */
  static JsonObject page(
      List<SimulatedTwilioMessages.Resource> records,
      int page,
      int pageSize,
      String uri,
      String firstPageUri,
      String nextPageUri,
      String previousPageUri) {
    JsonArray messages = new JsonArray();
    records.forEach(r -> messages.add(message(r)));
    int start = page * pageSize;
    return new JsonObject()
        .put("end", records.isEmpty() ? 0 : start + records.size() - 1)
        .put("first_page_uri", firstPageUri)
        .put("messages", messages)
        .put("next_page_uri", nextPageUri)
        .put("page", page)
        .put("page_size", pageSize)
        .put("previous_page_uri", previousPageUri)
        .put("start", start)
        .put("uri", uri);
  }

  /** Twilio's error body: {@code {"code", "message", "more_info", "status"}}. */
  static JsonObject error(int status, int code, String message) {
    return new JsonObject()
        .put("code", code)
        .put("message", message)
        .put("more_info", "https://www.twilio.com/docs/errors/" + code)
        .put("status", status);
  }

  /** The error code and title an injected error of this HTTP status answers with. */
  static JsonObject injectedError(int status) {
    int code =
        switch (status) {
          // DESIGN: an injected 400 stands for an invalid number.
          case 400 -> 21211;
          case 401 -> 20003;
          case 403, 404, 409, 410, 412, 413, 422, 426, 429, 500, 503 -> 20000 + status;
          default -> status >= 500 ? 20500 : 20422;
        };
    return error(status, code, errorTitle(code));
  }

  /** Titles from Twilio's error dictionary ({@code https://www.twilio.com/docs/api/errors}). */
  static String errorTitle(int code) {
    return switch (code) {
      case 20003 -> "Authenticate";
      case 20403 -> "403 Forbidden";
      case 20404 -> "The requested resource was not found";
      case 20409 -> "Conflict";
      case 20410 -> "Gone";
      case 20412 -> "Precondition Failed";
      case 20413 -> "Request Entity Too Large";
      case 20422 -> "Invalid Parameter";
      case 20426 -> "Upgrade Required";
      case 20429 -> "Too Many Requests";
      case 20500 -> "Internal Server Error";
      case 20503 -> "Service Unavailable";
      case 21211 -> "The 'To' number is not a valid phone number.";
      case 30003 -> "Unreachable destination handset";
      default -> "Error " + code;
    };
  }
}
