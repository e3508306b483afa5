package dev.otpgateway.providers.twilio.simulated;

import dev.otpgateway.providers.simulator.FormBody;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The simulated listing of Messages ({@code GET /2010-04-01/Accounts/{AccountSid}/Messages.json},
 * {@code
 * https://www.twilio.com/docs/messaging/api/message-resource#read-multiple-message-resources}):
 * filters {@code To}, {@code From}, {@code DateSent} / {@code DateSent<} / {@code DateSent>} (GMT
 * days, on / on or before / on or after; a message not sent yet has no sent date and never matches
 * them), {@code PageSize} 1..1000 (default 50) and {@code Page}; newest first.
 */
final class TwilioListing {
  private static final int DEFAULT_PAGE_SIZE = 50;
  private static final int MAX_PAGE_SIZE = 1000;

  private TwilioListing() {}

  static JsonObject page(SimulatedTwilioMessages messages, String accountSid, Query query) {
    List<SimulatedTwilioMessages.Resource> all =
        messages.newestFirst(query.filter().and(m -> m.accountSid().equals(accountSid)));
    int from = Math.min(all.size(), query.page() * query.pageSize());
    int to = Math.min(all.size(), from + query.pageSize());
    List<SimulatedTwilioMessages.Resource> records = all.subList(from, to);
    String base = TwilioWire.messagesPath(accountSid) + ".json?" + query.filterQuery();
    String next =
        to < all.size()
            ? pageUri(base, query.pageSize(), query.page() + 1)
                + "&PageToken=PA"
                + records.get(records.size() - 1).sid()
            : null;
    String previous = query.page() > 0 ? pageUri(base, query.pageSize(), query.page() - 1) : null;
    return TwilioWire.page(
        records,
        query.page(),
        query.pageSize(),
        pageUri(base, query.pageSize(), query.page()),
        pageUri(base, query.pageSize(), 0),
        next,
        previous);
  }

  private static String pageUri(String base, int pageSize, int page) {
    return base + (base.endsWith("?") ? "" : "&") + "PageSize=" + pageSize + "&Page=" + page;
  }

  /** A listing's parameters, validated. */
  record Query(Map<String, String> filters, int pageSize, int page) {

    static Query of(MultiMap params) {
      Map<String, String> filters = new LinkedHashMap<>();
      for (String name : List.of("To", "From", "DateSent", "DateSent<", "DateSent>")) {
        String value = params.get(name);
        if (value != null && !value.isBlank()) {
          if (name.startsWith("DateSent")) {
            day(value);
          }
          filters.put(name, value.strip());
        }
      }
      int pageSize = number(params.get("PageSize"), DEFAULT_PAGE_SIZE, "Invalid PageSize.");
      if (pageSize < 1) {
        throw new InvalidQuery(20001, "Invalid PageSize.");
      }
      if (pageSize > MAX_PAGE_SIZE) {
        throw new InvalidQuery(20007, "Page size too large");
      }
      int page = number(params.get("Page"), 0, "Invalid Page.");
      if (page < 0) {
        throw new InvalidQuery(20001, "Invalid Page.");
      }
      return new Query(filters, pageSize, page);
    }

    Predicate<SimulatedTwilioMessages.Resource> filter() {
      Predicate<SimulatedTwilioMessages.Resource> filter = m -> true;
      for (Map.Entry<String, String> f : filters.entrySet()) {
        String value = f.getValue();
        filter =
            filter.and(
                switch (f.getKey()) {
                  case "To" -> m -> value.equals(m.to());
                  case "From" -> m -> value.equals(m.from());
                  case "DateSent" -> m -> m.sentOn().filter(day(value)::equals).isPresent();
                  case "DateSent<" ->
                      m -> m.sentOn().filter(d -> !d.isAfter(day(value))).isPresent();
                  default -> m -> m.sentOn().filter(d -> !d.isBefore(day(value))).isPresent();
                });
      }
      return filter;
    }

    String filterQuery() {
      StringBuilder query = new StringBuilder();
      filters.forEach(
          (name, value) ->
              query
                  .append(FormBody.component(name))
                  .append('=')
                  .append(FormBody.component(value))
                  .append('&'));
      return query.length() == 0 ? "" : query.substring(0, query.length() - 1);
    }

    /** A GMT day: {@code YYYY-MM-DD}, or the day of an ISO 8601 date-time. */
    private static LocalDate day(String value) {
      String text = value.strip();
      try {
        return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
      } catch (DateTimeParseException e) {
        throw new InvalidQuery(20001, "Invalid DateSent.");
      }
    }

    private static int number(String value, int absent, String invalid) {
      if (value == null || value.isBlank()) {
        return absent;
      }
      try {
        return Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new InvalidQuery(20001, invalid);
      }
    }
  }

  /** A listing Twilio refuses, with its error body. */
  static final class InvalidQuery extends RuntimeException {
    private final transient JsonObject body;

    InvalidQuery(int code, String message) {
      super(message, null, false, false);
      this.body = TwilioWire.error(400, code, message);
    }

    JsonObject body() {
      return body;
    }
  }
}
