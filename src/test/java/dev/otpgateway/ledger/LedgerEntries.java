package dev.otpgateway.ledger;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.routing.BreakerState;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.ConversionEvidence;
import dev.otpgateway.routing.Exploration;
import dev.otpgateway.routing.ProviderStatus;
import dev.otpgateway.routing.RcsCapability;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.Risk;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

  /**
   * A verification's first send with the routing decision that chose it, the largest entry the
   * ledger writes: every input, candidate and exclusion, and the conversion evidence.
   */
  static Event routed(String verification, long at, String tenant) {
    return routed(verification, at, tenant, RcsCapability.CAPABLE);
  }

  /** {@link #routed(String, long, String)}, with what the RBM capability check said. */
  static Event routed(String verification, long at, String tenant, RcsCapability rcs) {
    RecordedDecision decision =
        new RecordedDecision(
            "US",
            Risk.LOW,
            ChannelPreference.AUTO,
            false,
            rcs,
            1,
            tenant,
            true,
            Map.of(
                "twilio", new ProviderStatus(BreakerState.CLOSED, 0.97, 310, 640.25),
                "sinch", new ProviderStatus(BreakerState.HALF_OPEN, 0.5, 12, 2210),
                "messagebird", ProviderStatus.UNOBSERVED),
            Map.of("messagebird", 88_412L, "twilio", 1_204L),
            "us",
            "sha256:" + "ab".repeat(32),
            List.of(
                new RecordedDecision.Choice("rbm", Channel.RCS),
                new RecordedDecision.Choice("messagebird", Channel.SMS),
                new RecordedDecision.Choice("twilio", Channel.SMS)),
            List.of(new RecordedDecision.Left("sinch", Channel.SMS, "breaker_open")),
            null,
            List.of(),
            new RecordedDecision.ConversionInputs(
                Map.of(
                    "messagebird/sms", new ConversionEvidence(412.5, 520.25),
                    "twilio/sms", new ConversionEvidence(31, 40.125),
                    "rbm/rcs", new ConversionEvidence(7, 9)),
                Map.of(
                    Channel.SMS, new ConversionEvidence(9_812.75, 11_003.5),
                    Channel.RCS, new ConversionEvidence(120, 151)),
                new Exploration(0.05, 7_212_349_811L)));
    return Event.builder(Event.idOf(verification, 2), EventType.SENT, at, tenant)
        .verification(verification, "+12025550123", "US")
        .region("us")
        .message("rbm", Channel.RCS, 1, 1)
        .cost(new BigDecimal("0.0100"), new BigDecimal("0.0083"), 0.02)
        .route(decision.rulesVersion(), decision)
        .outcome("initial")
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

  /** A writer named member-a over a store, with a fresh signing key, syncing every batch. */
  static Ledger ledger(Vertx vertx, LedgerStore store) {
    return new Ledger(
        vertx,
        store,
        "member-a",
        LedgerSigner.fromSeed(LedgerSigner.newSeed()),
        NUMBERS,
        new Metrics(),
        Clock.systemUTC(),
        Duration.ZERO);
  }
}
