package dev.otpgateway.ledger;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.routing.Channel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Events and chained entries for the ledger's tests. */
final class LedgerEntries {
  static final NumberHasher NUMBERS = new NumberHasher(new byte[32]);
  static final long DAY = 86_400_000L;
  static final long T0 = Instant.parse("2026-11-29T10:00:00Z").toEpochMilli();

  private LedgerEntries() {}

  /** A message a provider accepted: what a sent event of a verification says. */
  static Event sent(
      String verification,
      int n,
      long at,
      String tenant,
      String provider,
      String region,
      String country,
      Channel channel,
      String price,
      String baseline,
      int segments) {
    return Event.builder(Event.idOf(verification, n), EventType.SENT, at, tenant)
        .verification(verification, "+12025550123", country)
        .region(region)
        .message(provider, channel, n, segments)
        .cost(new BigDecimal(price), new BigDecimal(baseline), 0.1 * segments)
        .route("sha256:" + "ab".repeat(32), null)
        .outcome("initial")
        .build();
  }

  static Event approved(
      String verification,
      int n,
      long at,
      String tenant,
      String provider,
      String region,
      String country,
      Channel channel) {
    return Event.builder(Event.idOf(verification, n), EventType.APPROVED, at, tenant)
        .verification(verification, "+12025550123", country)
        .region(region)
        .message(provider, channel, 1, 1)
        .build();
  }

  /** A SIM-swap lookup made before a verification started: no verification, a price. */
  static Event lookup(String id, long at, String tenant, String country, String price) {
    return Event.builder(id, EventType.SIM_SWAP_CHECKED, at, tenant)
        .verification(null, "+12025550123", country)
        .message("twilio", null, 0, 0)
        .cost(new BigDecimal(price), null, 0)
        .outcome("not_swapped")
        .build();
  }

  /** Events chained into one writer's entries, from seq 1, as the ledger writes them. */
  static List<LedgerEntry> chained(String writer, List<Event> events) {
    List<LedgerEntry> out = new ArrayList<>();
    String previous = LedgerEntry.GENESIS;
    long seq = 0;
    for (Event e : events) {
      LedgerEntry entry =
          EntryFormat.chain(EntryFormat.eventFields(e, NUMBERS), writer, ++seq, previous, e.at());
      out.add(entry);
      previous = entry.hash();
    }
    return out;
  }
}
