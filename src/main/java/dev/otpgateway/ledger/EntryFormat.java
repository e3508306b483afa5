package dev.otpgateway.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.Sha256;
import dev.otpgateway.json.Money;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.routing.BreakerState;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.ConversionEvidence;
import dev.otpgateway.routing.Exploration;
import dev.otpgateway.routing.ProviderStatus;
import dev.otpgateway.routing.RcsCapability;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.RefusalCode;
import dev.otpgateway.routing.Risk;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How entries are written and read back. An entry is one JSON object whose members are sorted and
 * written without whitespace ({@link CanonicalJson}); its {@code hash} is the hex SHA-256 of that
 * text (the previous entry's hash is one of its members), and the stored text puts {@code hash}
 * first. So checking an entry needs no re-serialisation: the hash covers exactly the stored bytes
 * after it. Numbers are integers only; money, carbon and rates are decimal strings, which read back
 * exactly.
 */
public final class EntryFormat {
  private static final ObjectMapper READER =
      new ObjectMapper().configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
  private static final String HASH_PREFIX = "{\"hash\":\"";
  private static final int HASH_LENGTH = 64;

  /** Where the hash goes in an entry's text while its canonical fields are written after it. */
  private static final String HASH_PLACE = "0".repeat(HASH_LENGTH) + "\"";

  private static final HexFormat HEX = HexFormat.of();

  private EntryFormat() {}

  /** The fields of an event's entry, before its place in a chain is known. */
  public static Map<String, Object> eventFields(Event e, NumberHasher numbers) {
    Map<String, Object> f = new TreeMap<>();
    f.put("event", e.type().wireName());
    f.put("event_id", e.id());
    f.put("time", time(e.at()));
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
   * Places fields in a writer's chain: adds {@code node}, {@code seq} and {@code prev_hash} to
   * them, and hashes the result. The entry takes the fields over as its body: the writer builds
   * them for it, so a copy per entry was waste (600–840 B of the 3.8–17 KB an entry allocates), and
   * chaining them again, as a retried write does, puts the three anew.
   */
  public static LedgerEntry chain(
      Map<String, Object> fields, String writer, long seq, String prevHash, long time) {
    fields.put("node", writer);
    fields.put("seq", seq);
    fields.put("prev_hash", prevHash);
    // The stored text is built in one buffer: the hash's place first, then the canonical fields,
    // whose opening brace becomes the comma after the hash once the hash is known.
    StringBuilder text = new StringBuilder(1024).append(HASH_PREFIX).append(HASH_PLACE);
    int canonicalAt = text.length();
    CanonicalJson.write(text, fields);
    String hash = sha256Hex(text.substring(canonicalAt));
    text.replace(HASH_PREFIX.length(), HASH_PREFIX.length() + HASH_LENGTH, hash);
    text.setCharAt(canonicalAt, ',');
    return new LedgerEntry(
        writer,
        seq,
        time,
        (String) fields.get("event"),
        (String) fields.get("event_id"),
        hash,
        prevHash,
        fields,
        text.toString());
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
    f.put("time", time(time));
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
      return READER.readValue(text, TreeMap.class);
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

  private static Map<String, Object> decision(RecordedDecision d) {
    Map<String, Object> inputs = new TreeMap<>();
    inputs.put("country", d.country());
    inputs.put("risk", d.risk().id());
    inputs.put("channel", d.channel().name().toLowerCase(Locale.ROOT));
    inputs.put("consent", d.consent());
    inputs.put("rcs_capable", d.rcsCapability() == RcsCapability.CAPABLE);
    // Only when there was no answer, so that the entries of answered checks read as they always
    // have.
    if (d.rcsCapability() == RcsCapability.UNANSWERED) {
      inputs.put("rcs_check", "unanswered");
    } else if (d.rcsCapability() == RcsCapability.NO_ADAPTER) {
      inputs.put("rcs_check", "no_adapter");
    }
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
    if (d.conversions() != null) {
      inputs.put("conversions", conversions(d.conversions()));
    }
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

  /**
   * The conversion evidence a decision was scored with: each of the country's routes, the channel
   * totals, and the exploration share and seed, so {@code ledger explain} re-runs the same draws.
   */
  private static Map<String, Object> conversions(RecordedDecision.ConversionInputs c) {
    Map<String, Object> routes = new TreeMap<>();
    c.routes().forEach((route, e) -> routes.put(route, evidence(e)));
    Map<String, Object> totals = new TreeMap<>();
    c.totals().forEach((channel, e) -> totals.put(channel.id(), evidence(e)));
    Map<String, Object> m = new TreeMap<>();
    m.put("routes", routes);
    m.put("totals", totals);
    m.put("exploration_share", decimal(c.exploration().share()));
    m.put("seed", c.exploration().seed());
    return m;
  }

  private static Map<String, Object> evidence(ConversionEvidence e) {
    return new TreeMap<>(Map.of("approved", decimal(e.approved()), "sends", decimal(e.sends())));
  }

  @SuppressWarnings("unchecked")
  private static RecordedDecision.ConversionInputs conversions(Map<String, Object> m) {
    if (m == null) {
      return null;
    }
    Map<String, ConversionEvidence> routes = new TreeMap<>();
    ((Map<String, Map<String, String>>) m.get("routes"))
        .forEach((route, e) -> routes.put(route, evidence(e)));
    Map<Channel, ConversionEvidence> totals = new EnumMap<>(Channel.class);
    ((Map<String, Map<String, String>>) m.get("totals"))
        .forEach((channel, e) -> totals.put(channel(channel), evidence(e)));
    return new RecordedDecision.ConversionInputs(
        routes,
        totals,
        new Exploration(
            new BigDecimal((String) m.get("exploration_share")).doubleValue(),
            ((Number) m.get("seed")).longValue()));
  }

  private static ConversionEvidence evidence(Map<String, String> e) {
    return new ConversionEvidence(
        new BigDecimal(e.get("approved")).doubleValue(),
        new BigDecimal(e.get("sends")).doubleValue());
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
        rcsCapability(in),
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
        left((List<Map<String, String>>) m.get("skipped")),
        conversions((Map<String, Object>) in.get("conversions")));
  }

  /**
   * What routing knew of the handset's RCS: {@code rcs_check} where nobody answered (RBM gave no
   * answer, or there was no RBM adapter to ask), else the check's boolean.
   */
  private static RcsCapability rcsCapability(Map<String, Object> inputs) {
    Object check = inputs.get("rcs_check");
    if ("unanswered".equals(check)) {
      return RcsCapability.UNANSWERED;
    }
    if ("no_adapter".equals(check)) {
      return RcsCapability.NO_ADAPTER;
    }
    return RcsCapability.answered((Boolean) inputs.get("rcs_capable"));
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

  /** The second {@link #time} last wrote, with its text: events come many to a second. */
  private record Second(long epochSecond, String text) {}

  private static volatile Second lastSecond = new Second(0, "1970-01-01T00:00:00");

  /**
   * An entry's time, as {@link Instant#toString} writes a millisecond instant (a fraction only when
   * it has milliseconds). Formatting the date and time of day anew for every event took 7% of the
   * writer's samples spent building events' fields (JFR); they are kept for the last second.
   */
  static String time(long epochMillis) {
    long epochSecond = Math.floorDiv(epochMillis, 1000);
    int millis = (int) Math.floorMod(epochMillis, 1000);
    Second second = lastSecond;
    if (second.epochSecond() != epochSecond) {
      String text = Instant.ofEpochSecond(epochSecond).toString(); // ends in Z, no fraction
      second = new Second(epochSecond, text.substring(0, text.length() - 1));
      lastSecond = second;
    }
    if (millis == 0) {
      return second.text() + 'Z';
    }
    StringBuilder out = new StringBuilder(second.text().length() + 5).append(second.text());
    out.append('.').append((char) ('0' + millis / 100));
    out.append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
    return out.append('Z').toString();
  }

  /** A double as the shortest decimal that reads back as the same double. */
  static String decimal(double value) {
    // What BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() gives, without its
    // parse and strip where Double.toString already writes plain digits (a routed entry has 15-20
    // rates and counts): a whole number within a double's exact integers is its long's digits, and
    // between 10^-3 and 10^7 Double.toString writes no exponent, only zeros to strip.
    if (value == Math.rint(value) && Math.abs(value) <= 0x1p53) {
      return Long.toString((long) value);
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-3 && magnitude < 1e7) {
      String plain = Double.toString(value);
      int end = plain.length();
      while (plain.charAt(end - 1) == '0') {
        end--;
      }
      return plain.substring(0, plain.charAt(end - 1) == '.' ? end - 1 : end);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  static String sha256Hex(String text) {
    return HEX.formatHex(Sha256.digest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
