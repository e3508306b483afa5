package dev.otpgateway.events;

import dev.otpgateway.routing.Channel;
import dev.otpgateway.routing.RecordedDecision;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change in a verification's life, as every consumer sees it. Made once, where the change is
 * made, and never changed after.
 *
 * @param id stable and unique: {@code <verification id>:<n>} for the n-th event of a verification,
 *     so whoever records it twice can tell (the ledger keeps it once)
 * @param at when the change was made (epoch ms)
 * @param verification the verification's id; null for a refused start or a budget threshold
 * @param to the full E.164 number; only in memory: the ledger keeps a mask and a keyed hash
 * @param region the routing region; null when no route was decided
 * @param channel the channel of the message concerned, or null
 * @param provider the provider concerned, or null
 * @param attempt the attempt's number, or 0
 * @param segments what the message counts in SMS segments (an RCS message counts 1), or 0
 * @param priceUsd what the message cost: set on {@link EventType#SENT} only
 * @param baselineUsd what the region's single baseline provider would have charged for it
 * @param carbonGrams g CO2e of the message, on {@link EventType#SENT} only
 * @param rulesVersion the rules that routed it, or null
 * @param decision the routing decision with its inputs, on sends
 * @param outcome one word that qualifies the event: how a message was sent ({@code initial}, {@code
 *     resend}, {@code failover:<reason>}), why it failed, a refusal or check outcome
 * @param status the verification's status after the change, as the API shows it; null without one
 * @param attemptsLeft wrong codes left after the change
 * @param userRef the tenant's own reference, echoed to its callbacks (never to the ledger)
 * @param latencyMs for a delivery receipt: how long after the send it came
 * @param detail further named figures (a fraud decision's signals, a budget's numbers)
 */
public record Event(
    String id,
    EventType type,
    long at,
    String tenant,
    String verification,
    String to,
    String country,
    String region,
    Channel channel,
    String provider,
    int attempt,
    int segments,
    BigDecimal priceUsd,
    BigDecimal baselineUsd,
    double carbonGrams,
    String rulesVersion,
    RecordedDecision decision,
    String outcome,
    String status,
    int attemptsLeft,
    String userRef,
    long latencyMs,
    Map<String, String> detail) {

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tenant, "tenant");
    detail =
        detail == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(detail));
  }

  /** The id of the n-th event of a verification. */
  public static String idOf(String verification, int n) {
    return verification + ':' + n;
  }

  /**
   * The n of an id {@link #idOf} made: the digits after its last colon; 0 for an id of another form
   * (no colon, no digits or other characters after it, a leading zero, past nine digits).
   */
  public static int numberOf(String id) {
    int colon = id.lastIndexOf(':');
    int digits = id.length() - colon - 1;
    if (colon <= 0 || digits < 1 || digits > 9 || id.charAt(colon + 1) == '0') {
      return 0;
    }
    int n = 0;
    for (int i = colon + 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** Starts an event; the builder fills in the rest. */
  public static Builder builder(String id, EventType type, long at, String tenant) {
    return new Builder(id, type, at, tenant);
  }

  /** The same event under another id (a re-published copy keeps its id; this is for tests). */
  public Builder toBuilder() {
    Builder b = new Builder(id, type, at, tenant);
    b.verification = verification;
    b.to = to;
    b.country = country;
    b.region = region;
    b.channel = channel;
    b.provider = provider;
    b.attempt = attempt;
    b.segments = segments;
    b.priceUsd = priceUsd;
    b.baselineUsd = baselineUsd;
    b.carbonGrams = carbonGrams;
    b.rulesVersion = rulesVersion;
    b.decision = decision;
    b.outcome = outcome;
    b.status = status;
    b.attemptsLeft = attemptsLeft;
    b.userRef = userRef;
    b.latencyMs = latencyMs;
    b.detail.putAll(detail);
    return b;
  }

  @Override
  public String toString() {
    // Never the number: events reach log lines in failure messages.
    return "Event[" + id + " " + type.wireName() + " " + tenant + "]";
  }

  /** Fills an event's optional parts. */
  public static final class Builder {
    private final String id;
    private final EventType type;
    private final long at;
    private final String tenant;
    private String verification;
    private String to;
    private String country;
    private String region;
    private Channel channel;
    private String provider;
    private int attempt;
    private int segments;
    private BigDecimal priceUsd;
    private BigDecimal baselineUsd;
    private double carbonGrams;
    private String rulesVersion;
    private RecordedDecision decision;
    private String outcome;
    private String status;
    private int attemptsLeft;
    private String userRef;
    private long latencyMs;
    private final Map<String, String> detail = new LinkedHashMap<>();

    private Builder(String id, EventType type, long at, String tenant) {
      this.id = id;
      this.type = type;
      this.at = at;
      this.tenant = tenant;
    }

    /** The verification it concerns, where its number lives. */
    public Builder verification(String id, String e164, String country) {
      this.verification = id;
      this.to = e164;
      this.country = country;
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder message(String provider, Channel channel, int attempt, int segments) {
      this.provider = provider;
      this.channel = channel;
      this.attempt = attempt;
      this.segments = segments;
      return this;
    }

    public Builder cost(BigDecimal priceUsd, BigDecimal baselineUsd, double carbonGrams) {
      this.priceUsd = priceUsd;
      this.baselineUsd = baselineUsd;
      this.carbonGrams = carbonGrams;
      return this;
    }

    public Builder route(String rulesVersion, RecordedDecision decision) {
      this.rulesVersion = rulesVersion;
      this.decision = decision;
      return this;
    }

    public Builder outcome(String outcome) {
      this.outcome = outcome;
      return this;
    }

    public Builder state(String status, int attemptsLeft, String userRef) {
      this.status = status;
      this.attemptsLeft = attemptsLeft;
      this.userRef = userRef;
      return this;
    }

    public Builder latencyMs(long latencyMs) {
      this.latencyMs = latencyMs;
      return this;
    }

    public Builder detail(String name, String value) {
      detail.put(name, value);
      return this;
    }

    public Builder details(Map<String, String> more) {
      detail.putAll(more);
      return this;
    }

    public Event build() {
      return new Event(
          id,
          type,
          at,
          tenant,
          verification,
          to,
          country,
          region,
          channel,
          provider,
          attempt,
          segments,
          priceUsd,
          baselineUsd,
          carbonGrams,
          rulesVersion,
          decision,
          outcome,
          status,
          attemptsLeft,
          userRef,
          latencyMs,
          detail);
    }
  }
}
