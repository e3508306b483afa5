package dev.otpgateway.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otpgateway.events.Event;
import dev.otpgateway.json.Money;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.routing.BreakerState;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.ProviderStatus;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.RefusalCode;
import dev.otpgateway.routing.Risk;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How entries are written and read back. An entry is one JSON object whose members are sorted and
 * written without whitespace; its {@code hash} is the hex SHA-256 of that text (the previous
 * entry's hash is one of its members), and the stored text puts {@code hash} first. So checking an
 * entry needs no re-serialisation: the hash covers exactly the stored bytes after it. Numbers are
 * integers only; money, carbon and rates are decimal strings, which read back exactly.
 */
public final class EntryFormat {
  private static final ObjectMapper CANONICAL =
      new ObjectMapper()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
  private static final String HASH_PREFIX = "{\"hash\":\"";
  private static final int HASH_LENGTH = 64;

  private EntryFormat() {}

  /** The fields of an event's entry, before its place in a chain is known. */
  public static Map<String, Object> eventFields(Event e, NumberHasher numbers) {
    Map<String, Object> f = new TreeMap<>();
    f.put("event", e.type().wireName());
    f.put("event_id", e.id());
    f.put("time", Instant.ofEpochMilli(e.at()).toString());
    f.put("tenant", e.tenant());
    put(f, "verification", e.verification());
    if (e.to() != null) {
      f.put("number_hash", numbers.hash(e.to()));
      f.put("number_masked", Destination.mask(e.to()));
    }
    put(f, "country", e.country());
    put(f, "region", e.region());
    put(f, "channel", e.channel() == null ? null : e.channel().id());
    put(f, "provider", e.provider());
    if (e.attempt() > 0) {
      f.put("attempt", e.attempt());
    }
    if (e.segments() > 0) {
      f.put("segments", e.segments());
    }
    put(f, "price_usd", Money.text(e.priceUsd()));
    put(f, "baseline_usd", Money.text(e.baselineUsd()));
    if (e.priceUsd() != null) {
      f.put("carbon_g", decimal(e.carbonGrams()));
    }
    put(f, "rules_version", e.rulesVersion());
    if (e.decision() != null) {
      f.put("decision", decision(e.decision()));
    }
    put(f, "outcome", e.outcome());
    if (!e.detail().isEmpty()) {
      f.put("detail", new TreeMap<>(e.detail()));
    }
    return f;
  }

  /**
   * Places fields in a writer's chain: adds {@code node}, {@code seq} and {@code prev_hash}, and
   * hashes the result.
   */
  public static LedgerEntry chain(
      Map<String, Object> fields, String writer, long seq, String prevHash, long time) {
    Map<String, Object> body = new TreeMap<>(fields);
    body.put("node", writer);
    body.put("seq", seq);
    body.put("prev_hash", prevHash);
    String canonical = canonical(body);
    String hash = sha256Hex(canonical);
    String text = HASH_PREFIX + hash + "\"," + canonical.substring(1);
    return new LedgerEntry(
        writer,
        seq,
        time,
        (String) body.get("event"),
        (String) body.get("event_id"),
        hash,
        prevHash,
        body,
        text);
  }

  /** The message a checkpoint's signature covers: the writer, its place and the chain's head. */
  public static byte[] checkpointMessage(String writer, long seq, String prevHash) {
    return ("otp-gateway ledger checkpoint v1\n" + writer + "\n" + seq + "\n" + prevHash)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A rules entry's fields: the version, its canonical content and its documents. */
  public static Map<String, Object> rulesFields(
      String version, String canonical, Map<String, String> documents, long time) {
    Map<String, Object> f = new TreeMap<>();
    f.put("event", LedgerEntry.RULES);
    f.put("time", Instant.ofEpochMilli(time).toString());
    f.put("rules_version", version);
    Map<String, Object> detail = new TreeMap<>();
    detail.put("canonical", canonical);
    detail.put("documents", new TreeMap<>(documents));
    f.put("detail", detail);
    return f;
  }

  /** Why a stored text is not a well-formed entry, or null when it is one. */
  public static String malformation(String text) {
    if (!text.startsWith(HASH_PREFIX)
        || text.length() < HASH_PREFIX.length() + HASH_LENGTH + 3
        || text.charAt(HASH_PREFIX.length() + HASH_LENGTH) != '"'
        || text.charAt(HASH_PREFIX.length() + HASH_LENGTH + 1) != ',') {
      return "is not a ledger entry (it must start with {\"hash\":\"<64 hex>\",)";
    }
    return null;
  }

  /** The hash an entry's text claims. */
  public static String claimedHash(String text) {
    return text.substring(HASH_PREFIX.length(), HASH_PREFIX.length() + HASH_LENGTH);
  }

  /** The hash its text really has: SHA-256 of everything after the claimed hash. */
  public static String actualHash(String text) {
    return sha256Hex("{" + text.substring(HASH_PREFIX.length() + HASH_LENGTH + 2));
  }

  /** Reads an entry's text back into its fields; throws IllegalArgumentException when not JSON. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String text) {
    try {
      return CANONICAL.readValue(text, TreeMap.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("is not JSON: " + e.getOriginalMessage());
    }
  }

  /** Reads an entry as stored back, for the readers of a store. */
  public static LedgerEntry read(String writer, String text) {
    Map<String, Object> body = parse(text);
    return new LedgerEntry(
        writer,
        ((Number) body.get("seq")).longValue(),
        Instant.parse((String) body.get("time")).toEpochMilli(),
        (String) body.get("event"),
        (String) body.get("event_id"),
        (String) body.get("hash"),
        (String) body.get("prev_hash"),
        body,
        text);
  }

  static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an entry could not be written as JSON", e);
    }
  }

  private static Map<String, Object> decision(RecordedDecision d) {
    Map<String, Object> inputs = new TreeMap<>();
    inputs.put("country", d.country());
    inputs.put("risk", d.risk().id());
    inputs.put("channel", d.channel().name().toLowerCase(Locale.ROOT));
    inputs.put("consent", d.consent());
    inputs.put("rcs_capable", d.rcsCapable());
    inputs.put("segments", d.segments());
    put(inputs, "tenant", d.tenantId());
    inputs.put("country_permitted", d.countryPermitted());
    Map<String, Object> health = new TreeMap<>();
    d.health()
        .forEach(
            (provider, s) -> {
              Map<String, Object> h = new TreeMap<>();
              h.put("breaker", s.breaker().name().toLowerCase(Locale.ROOT));
              h.put("success_rate", decimal(s.successRate()));
              h.put("samples", s.samples());
              h.put("mean_latency_ms", decimal(s.meanLatencyMs()));
              health.put(provider, h);
            });
    inputs.put("health", health);
    inputs.put("volumes", new TreeMap<>(d.volumes()));
    Map<String, Object> m = new TreeMap<>();
    m.put("inputs", inputs);
    m.put("region", d.region());
    m.put("rules_version", d.rulesVersion());
    List<Object> candidates = new ArrayList<>();
    for (RecordedDecision.Choice c : d.candidates()) {
      candidates.add(new TreeMap<>(Map.of("provider", c.provider(), "channel", c.channel().id())));
    }
    m.put("candidates", candidates);
    m.put("exclusions", leftFields(d.exclusions()));
    if (d.refusal() != null) {
      m.put("refusal", d.refusal().code());
    }
    m.put("skipped", leftFields(d.skipped()));
    return m;
  }

  /** A recorded decision read back from an entry's {@code decision} member. */
  @SuppressWarnings("unchecked")
  public static RecordedDecision decision(Map<String, Object> m) {
    Map<String, Object> in = (Map<String, Object>) m.get("inputs");
    Map<String, ProviderStatus> health = new TreeMap<>();
    ((Map<String, Map<String, Object>>) in.get("health"))
        .forEach(
            (provider, h) ->
                health.put(
                    provider,
                    new ProviderStatus(
                        BreakerState.valueOf(((String) h.get("breaker")).toUpperCase(Locale.ROOT)),
                        new BigDecimal((String) h.get("success_rate")).doubleValue(),
                        ((Number) h.get("samples")).longValue(),
                        new BigDecimal((String) h.get("mean_latency_ms")).doubleValue())));
    Map<String, Long> volumes = new TreeMap<>();
    ((Map<String, Number>) in.get("volumes")).forEach((p, n) -> volumes.put(p, n.longValue()));
    List<RecordedDecision.Choice> candidates = new ArrayList<>();
    for (Map<String, String> c : (List<Map<String, String>>) m.get("candidates")) {
      candidates.add(new RecordedDecision.Choice(c.get("provider"), channel(c.get("channel"))));
    }
    String refusal = (String) m.get("refusal");
    return new RecordedDecision(
        (String) in.get("country"),
        Risk.valueOf(((String) in.get("risk")).toUpperCase(Locale.ROOT)),
        ChannelPreference.valueOf(((String) in.get("channel")).toUpperCase(Locale.ROOT)),
        (Boolean) in.get("consent"),
        (Boolean) in.get("rcs_capable"),
        ((Number) in.get("segments")).intValue(),
        (String) in.get("tenant"),
        (Boolean) in.get("country_permitted"),
        health,
        volumes,
        (String) m.get("region"),
        (String) m.get("rules_version"),
        candidates,
        left((List<Map<String, String>>) m.get("exclusions")),
        refusal == null ? null : refusal(refusal),
        left((List<Map<String, String>>) m.get("skipped")));
  }

  private static List<Object> leftFields(List<RecordedDecision.Left> left) {
    List<Object> out = new ArrayList<>();
    for (RecordedDecision.Left l : left) {
      out.add(
          new TreeMap<>(
              Map.of("provider", l.provider(), "channel", l.channel().id(), "reason", l.reason())));
    }
    return out;
  }

  private static List<RecordedDecision.Left> left(List<Map<String, String>> items) {
    List<RecordedDecision.Left> out = new ArrayList<>();
    for (Map<String, String> l : items) {
      out.add(
          new RecordedDecision.Left(l.get("provider"), channel(l.get("channel")), l.get("reason")));
    }
    return out;
  }

  private static Channel channel(String id) {
    return Channel.valueOf(id.toUpperCase(Locale.ROOT));
  }

  private static RefusalCode refusal(String code) {
    for (RefusalCode r : RefusalCode.values()) {
      if (r.code().equals(code)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown refusal code " + code);
  }

  /** A double as the shortest decimal that reads back as the same double. */
  static String decimal(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
