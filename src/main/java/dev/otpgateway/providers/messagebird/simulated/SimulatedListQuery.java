package dev.otpgateway.providers.messagebird.simulated;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * The filters of the simulated {@code GET /messages}: {@code originator}, {@code recipient}, {@code
 * direction}, {@code type}, {@code status}, {@code searchterm}, {@code from}, {@code until}, {@code
 * limit}, {@code offset} (messagebird/java-rest-api {@code
 * MessageBirdClient.MESSAGE_LIST_FILTERS_VALS}; RFC 3339 times and the default page of 20 per
 * developers.messagebird.com/api/sms-messaging, "List messages"), and the page it answers
 * (messagebird/go-rest-api {@code sms/testdata/messageListObject.json}).
 */
record SimulatedListQuery(
    Long recipient,
    String originator,
    String direction,
    String type,
    String status,
    String searchterm,
    Instant from,
    Instant until,
    int limit,
    int offset,
    MultiMap raw,
    SimulatedSend.Error error) {

  private static final Set<String> NOT_IN_LINKS = Set.of("offset", "access_key");

  static SimulatedListQuery parse(MultiMap params) {
    try {
      String recipient = params.get("recipient");
      Long msisdn = null;
      if (recipient != null) {
        if (!recipient.matches("\\+?[0-9]{1,15}")) {
          return invalid(params, "recipient");
        }
        msisdn = Long.parseLong(SimulatedSend.msisdn(recipient));
      }
      return new SimulatedListQuery(
          msisdn,
          params.get("originator"),
          params.get("direction"),
          params.get("type"),
          params.get("status"),
          params.get("searchterm"),
          time(params, "from"),
          time(params, "until"),
          whole(params, "limit", 20, 1),
          whole(params, "offset", 0, 0),
          params,
          null);
    } catch (InvalidParameter e) {
      return invalid(params, e.getMessage());
    }
  }

  boolean matches(SimulatedMessages.Message m) {
    return (direction == null || "mt".equals(direction))
        && (type == null || "sms".equals(type))
        && (originator == null || originator.equals(m.request().originator()))
        && (status == null || m.recipients().stream().anyMatch(r -> status.equals(r.status)))
        && (searchterm == null || m.request().body().contains(searchterm))
        && (from == null || !m.createdAt().isBefore(from))
        && (until == null || !m.createdAt().isAfter(until));
  }

  /** The list object around one page of items. */
  JsonObject page(String messagesUrl, JsonArray items, int total) {
    int last = total == 0 ? 0 : ((total - 1) / limit) * limit;
    return new JsonObject()
        .put("offset", offset)
        .put("limit", limit)
        .put("count", items.size())
        .put("totalCount", total)
        .put(
            "links",
            new JsonObject()
                .put("first", total == 0 ? null : link(messagesUrl, 0))
                .put(
                    "previous", offset == 0 ? null : link(messagesUrl, Math.max(0, offset - limit)))
                .put("next", offset + limit >= total ? null : link(messagesUrl, offset + limit))
                .put("last", total == 0 ? null : link(messagesUrl, last)))
        .put("items", items);
  }

  private String link(String messagesUrl, int at) {
    StringBuilder url = new StringBuilder(messagesUrl).append("/?offset=").append(at);
    for (Map.Entry<String, String> p : raw) {
      if (!NOT_IN_LINKS.contains(p.getKey())) {
        url.append('&')
            .append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      }
    }
    return url.toString();
  }

  private static SimulatedListQuery invalid(MultiMap params, String parameter) {
    return new SimulatedListQuery(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        20,
        0,
        params,
        new SimulatedSend.Error(10, parameter + " is invalid", parameter));
  }

  private static Instant time(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidParameter(name);
    }
  }

  private static int whole(MultiMap params, String name, int fallback, int min) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    if (!value.matches("[0-9]{1,6}") || Integer.parseInt(value) < min) {
      throw new InvalidParameter(name);
    }
    return Integer.parseInt(value);
  }

  /** A filter MessageBird would refuse, named by its message. */
  private static final class InvalidParameter extends RuntimeException {
    InvalidParameter(String parameter) {
      super(parameter, null, false, false);
    }
  }
}
