package dev.otpgateway.providers.messagebird.simulated;

import dev.otpgateway.providers.simulator.ProviderSimulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the simulated MessageBird accepted, by message id and by recipient, with each recipient's
 * status, so it can answer {@code GET /messages/{id}} and {@code GET /messages?recipient=...}.
 * Bounded like the simulator's other logs: a load test sends far more than anyone looks up.
 *
 * <p>The message object's shape is MessageBird's, from messagebird/go-rest-api {@code
 * sms/testdata/messageObject.json} and {@code messageListObject.json}.
 */
final class SimulatedMessages {
  static final int CAPACITY = ProviderSimulator.CAPACITY;

  /** As many as the adapter's look-up reads through (5 pages of 20); older ones are forgotten. */
  private static final int PER_RECIPIENT = 100;

  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  /** One recipient of a message and where its delivery stands. */
  static final class Recipient {
    final long msisdn;
    volatile String status = "sent";
    volatile Instant statusAt;

    Recipient(long msisdn, Instant statusAt) {
      this.msisdn = msisdn;
      this.statusAt = statusAt;
    }
  }

  /** One accepted message. */
  record Message(
      String id,
      SimulatedSend.Valid request,
      String datacoding,
      int parts,
      Instant createdAt,
      List<Recipient> recipients) {
    Recipient recipient(long msisdn) {
      for (Recipient r : recipients) {
        if (r.msisdn == msisdn) {
          return r;
        }
      }
      return null;
    }
  }

  private final Map<String, Message> byId =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Message> eldest) {
          return size() > CAPACITY;
        }
      };
  private final Map<Long, Deque<Message>> byRecipient =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Deque<Message>> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized void add(Message message) {
    byId.put(message.id(), message);
    for (Recipient r : message.recipients()) {
      Deque<Message> messages = byRecipient.computeIfAbsent(r.msisdn, n -> new ArrayDeque<>());
      messages.addFirst(message);
      if (messages.size() > PER_RECIPIENT) {
        messages.removeLast();
      }
    }
  }

  synchronized Message get(String id) {
    return byId.get(id);
  }

  /** Newest first; only the recipient's own messages when one is given. */
  synchronized List<Message> find(Long recipient, Predicate<Message> filter) {
    List<Message> found = new ArrayList<>();
    if (recipient != null) {
      for (Message m : byRecipient.getOrDefault(recipient, new ArrayDeque<>())) {
        if (filter.test(m)) {
          found.add(m);
        }
      }
      return found;
    }
    for (Message m : byId.values()) {
      if (filter.test(m)) {
        found.add(m);
      }
    }
    Collections.reverse(found);
    return found;
  }

  /** The message object as MessageBird renders it. */
  static JsonObject toJson(Message m, String href) {
    JsonArray items = new JsonArray();
    int delivered = 0;
    int failed = 0;
    for (Recipient r : m.recipients()) {
      String status = r.status;
      delivered += "delivered".equals(status) ? 1 : 0;
      failed += "delivery_failed".equals(status) || "expired".equals(status) ? 1 : 0;
      items.add(
          new JsonObject()
              .put("recipient", r.msisdn)
              .put("status", status)
              .put("statusDatetime", format(r.statusAt))
              .put("messagePartCount", m.parts()));
    }
    return new JsonObject()
        .put("id", m.id())
        .put("href", href)
        .put("direction", "mt")
        .put("type", "sms")
        .put("originator", m.request().originator())
        .put("body", m.request().body())
        .put("reference", m.request().reference())
        .put("validity", m.request().validity())
        .put("gateway", 10)
        .put("typeDetails", new JsonObject())
        .put("datacoding", m.datacoding())
        .put("mclass", 1)
        .put("scheduledDatetime", null)
        .put("createdDatetime", format(m.createdAt()))
        .put(
            "recipients",
            new JsonObject()
                .put("totalCount", m.recipients().size())
                .put("totalSentCount", m.recipients().size())
                .put("totalDeliveredCount", delivered)
                .put("totalDeliveryFailedCount", failed)
                .put("items", items));
  }

  /** MessageBird's datetime: RFC 3339 in UTC with a {@code +00:00} offset. */
  static String format(Instant at) {
    return DATETIME.format(at);
  }
}
