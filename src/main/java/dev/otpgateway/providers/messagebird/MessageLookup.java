package dev.otpgateway.providers.messagebird;

import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.ProviderException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Finds a message by our reference. MessageBird reads messages by its own id ({@code GET
 * /messages/{id}}), and its list can't filter by reference, but it can filter by recipient,
 * direction and creation time ({@code GET /messages?recipient=&direction=mt&from=}; filters in
 * messagebird/java-rest-api {@code MessageBirdClient.MESSAGE_LIST_FILTERS_VALS}, list shape in
 * messagebird/go-rest-api {@code sms/testdata/messageListObject.json}). So the lookup lists what
 * went to this number since the message could have been sent, and matches {@code reference} in the
 * items: a person gets few codes, so that is a page or two.
 *
 * <p>A lookup that can't finish says nothing about the message, so it fails AMBIGUOUS; only a
 * complete listing without the reference fails RETRYABLE.
 */
final class MessageLookup {
  /** MessageBird's own page size. */
  static final int PAGE_SIZE = 20;

  /** Past this, the number is getting far more messages than codes; stop rather than crawl. */
  static final int MAX_PAGES = 5;

  /** Added to the message's validity, for clock skew and a lookup made a while after sending. */
  static final Duration LOOKBACK_MARGIN = Duration.ofMinutes(5);

  private static final DateTimeFormatter RFC_3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  private final MessageBirdApi api;
  private final Clock clock;

  MessageLookup(MessageBirdApi api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  Future<Accepted> find(OutboundMessage message) {
    Instant from = clock.instant().minus(message.validity()).minus(LOOKBACK_MARGIN);
    String query =
        "/messages?recipient="
            + MessageBirdJson.msisdn(message.to())
            + "&direction=mt&from="
            + URLEncoder.encode(RFC_3339.format(from), StandardCharsets.UTF_8)
            + "&limit="
            + PAGE_SIZE;
    return page(message, query, 0, 1);
  }

  private Future<Accepted> page(OutboundMessage message, String query, int offset, int pageNo) {
    return api.get(query + "&offset=" + offset)
        .transform(
            ar -> {
              if (ar.failed()) {
                String why =
                    ar.cause() instanceof ProviderException p
                        ? p.reason()
                        : ar.cause().getClass().getSimpleName();
                return Future.failedFuture(
                    ambiguous(0, "lookup_failed", "the lookup failed (" + why + ")"));
              }
              HttpResponse<Buffer> response = ar.result();
              if (response.statusCode() != 200) {
                return Future.failedFuture(
                    ambiguous(
                        response.statusCode(),
                        "lookup_failed",
                        "the lookup failed ("
                            + MessageBirdErrors.classify(response.statusCode(), response.body())
                                .reason()
                            + ")"));
              }
              return read(message, query, offset, pageNo, response.body());
            });
  }

  private Future<Accepted> read(
      OutboundMessage message, String query, int offset, int pageNo, Buffer body) {
    JsonObject list;
    JsonArray items;
    try {
      list = new JsonObject(body);
      items = list.getJsonArray("items");
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(ambiguous(200, "lookup_unreadable", "unreadable message list"));
    }
    if (items == null) {
      return Future.failedFuture(ambiguous(200, "lookup_unreadable", "message list has no items"));
    }
    for (Object item : items) {
      if (item instanceof JsonObject found
          && message.reference().equals(found.getValue("reference"))) {
        return Future.succeededFuture(accepted(found));
      }
    }
    int seen = offset + items.size();
    int total = list.getValue("totalCount") instanceof Number n ? n.intValue() : seen;
    if (seen >= total || items.isEmpty()) {
      return Future.failedFuture(
          new ProviderException(
              MessageBirdProvider.NAME,
              FailureKind.RETRYABLE,
              0,
              "not_found",
              "MessageBird has no message with this reference"));
    }
    if (pageNo >= MAX_PAGES) {
      return Future.failedFuture(
          ambiguous(200, "lookup_incomplete", "too many messages to this number to look through"));
    }
    return page(message, query, seen, pageNo + 1);
  }

  private static Accepted accepted(JsonObject message) {
    int parts = 0;
    JsonObject recipients = message.getValue("recipients") instanceof JsonObject r ? r : null;
    if (recipients != null
        && recipients.getValue("items") instanceof JsonArray recipientItems
        && !recipientItems.isEmpty()
        && recipientItems.getValue(0) instanceof JsonObject first
        && first.getValue("messagePartCount") instanceof Number count) {
      parts = count.intValue();
    }
    return new Accepted(String.valueOf(message.getValue("id")), parts);
  }

  private static ProviderException ambiguous(int status, String reason, String detail) {
    return new ProviderException(
        MessageBirdProvider.NAME, FailureKind.AMBIGUOUS, status, reason, detail);
  }
}
