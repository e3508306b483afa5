package dev.otpgateway.verification;

import dev.otpgateway.compact.ByteStreams;
import dev.otpgateway.delivery.Candidate;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.otp.Transaction;
import dev.otpgateway.providers.FailureKind;
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
import dev.otpgateway.routing.RouteReason;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The stored form of a verification: a versioned, compact binary record. Every verification stays
 * in memory for its code's lifetime and its retention, so its size is the gateway's memory (and,
 * through the garbage collector, part of its CPU): words that recur in every record (providers,
 * channels, states) take a byte, times are small offsets from the creation time, and the rules
 * version is kept as its 32-byte digest. Its id is not repeated: it is the record's key.
 *
 * <p>A fixed header comes first: the version byte, the status, the expiry time, the size of the
 * outbox and the time of its newest event, when the record next falls due ({@link
 * Verification#dueAt}) and how many sends are open on it, so the sweeps that look for what fell due
 * and for orphaned events read a few bytes instead of the whole record.
 */
public final class VerificationCodec {
  private static final byte VERSION = 7;

  /** Offsets of the header fields. */
  private static final int STATUS_AT = 1;

  private static final int EXPIRES_AT = 2;
  private static final int OUTBOX_SIZE_AT = 10;
  private static final int OUTBOX_NEWEST_AT = 12;
  private static final int DUE_AT = 20;
  private static final int OPEN_CLAIMS_AT = 28;

  /** Words stored as one byte (their index + 1); anything else is written out after a 255. */
  private static final List<String> WORDS =
      List.of(
          "twilio",
          "sinch",
          "messagebird",
          "rbm",
          "timeout",
          "found_after_timeout",
          "circuit_open",
          "connection_refused",
          "http_500",
          "http_503",
          "http_429",
          "us",
          "eu",
          "gb",
          "in",
          "br",
          "apac",
          "africa",
          "default",
          "pending_push",
          "sending",
          "sent",
          "delivered",
          "approved",
          "failed",
          "canceled",
          "expired",
          "initial",
          "resend",
          "failover:failure_receipt",
          "failover:delivery_timeout",
          "failover:rcs_not_delivered",
          "failure_receipt",
          "delivery_timeout",
          "rcs_not_delivered",
          "timed_out",
          "revoked",
          "wrong_code",
          "too_many_attempts",
          "no_longer_usable",
          "ack_deadline",
          "from",
          "failure",
          "accepted",
          "retryable",
          "permanent",
          "ambiguous",
          "closed",
          "not_in_region",
          "channel_unsupported",
          "residency",
          "sender_not_registered",
          "channel_not_requested",
          "not_rcs_capable",
          "sms_not_permitted_for_risk",
          "already_tried",
          "not_configured",
          "sender_lost",
          "found_after_sender_lost",
          "failover:sender_lost");

  private static final int LITERAL = 255;
  private static final Pattern SHA256_VERSION = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();

  private VerificationCodec() {}

  /** The status in an encoded record, read from its header. */
  public static VerificationStatus status(byte[] record) {
    return VerificationStatus.values()[record[STATUS_AT]];
  }

  /** The expiry time in an encoded record, read from its header. */
  public static long expiresAt(byte[] record) {
    return headerLong(record, EXPIRES_AT);
  }

  /** When the newest event in an encoded record's outbox was made (0: none), from its header. */
  public static long outboxNewestAt(byte[] record) {
    return headerLong(record, OUTBOX_NEWEST_AT);
  }

  private static long headerLong(byte[] record, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (record[at + i] & 0xff);
    }
    return v;
  }

  /** When the record next falls due, from its header. */
  public static long dueAt(byte[] record) {
    return headerLong(record, DUE_AT);
  }

  /** How many sends are open (claimed, not yet recorded) on the record, from its header. */
  public static int openClaims(byte[] record) {
    return record[OPEN_CLAIMS_AT] & 0xff;
  }

  /** How many events wait in an encoded record's outbox, read from its header. */
  public static int outboxSize(byte[] record) {
    return ((record[OUTBOX_SIZE_AT] & 0xff) << 8) | (record[OUTBOX_SIZE_AT + 1] & 0xff);
  }

  public static byte[] encode(Verification verification) {
    Verification.State v = verification.state();
    ByteStreams.Output bytes = new ByteStreams.Output(320);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeByte(v.status().ordinal());
      out.writeLong(v.expiresAt());
      out.writeShort(v.outbox().size());
      long newest = 0;
      for (Verification.Outboxed o : v.outbox()) {
        newest = Math.max(newest, o.event().at());
      }
      out.writeLong(newest);
      out.writeLong(verification.dueAt());
      out.writeByte(v.claims().size());
      long base = v.createdAt();
      out.writeUTF(v.tenantId());
      out.writeUTF(v.to());
      out.writeUTF(v.country());
      writeBytes(out, v.codeHash());
      writeBytes(out, v.sealedCode());
      out.writeLong(base);
      writeVarLong(out, v.keepUntil() - v.expiresAt());
      Verification.Request r = v.request();
      writeNullable(out, r.locale());
      writeNullable(out, r.appHash());
      writeNullable(out, r.webOtpDomain());
      Transaction t = r.transaction();
      out.writeBoolean(t != null);
      if (t != null) {
        out.writeUTF(t.amount());
        out.writeUTF(t.currency());
        out.writeUTF(t.payee());
      }
      out.writeByte(r.risk().ordinal());
      out.writeByte(r.channel().ordinal());
      out.writeBoolean(r.consent());
      writeNullable(out, r.userRef());
      writeNullable(out, r.deviceId());
      out.writeByte(v.endReason() == null ? 0 : v.endReason().ordinal() + 1);
      writeTime(out, base, v.endedAt());
      out.writeByte(v.failedChecks());
      out.writeShort(v.sends());
      writeTime(out, base, v.pushDeadline());
      out.writeShort(v.nextAttempt());
      Verification.Route route = v.route();
      out.writeBoolean(route != null);
      if (route != null) {
        writeRulesVersion(out, route.rulesVersion());
        writeReason(out, route.reason());
      }
      out.writeByte(v.attempts().size());
      for (Attempt a : v.attempts()) {
        writeAttempt(out, base, a);
      }
      out.writeShort(v.eventCount());
      for (Verification.Outboxed o : v.outbox()) {
        writeEvent(out, base, v.id(), o.event());
        writeNullable(out, o.publisher());
      }
      writeTime(out, base, v.resendHeldUntil());
      for (SendClaim c : v.claims()) {
        writeClaim(out, base, c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The verification stored under {@code id}: the record does not repeat its key, so its id comes
   * from where it is kept.
   */
  public static Verification decode(String id, byte[] data) {
    try (DataInputStream in = ByteStreams.reader(data)) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("unknown verification encoding version " + version);
      }
      VerificationStatus status = VerificationStatus.values()[in.readByte()];
      long expiresAt = in.readLong();
      int outboxSize = in.readUnsignedShort();
      in.readLong(); // the newest event's time, for the sweeps; the events themselves follow
      in.readLong(); // when it falls due, for the sweeps; computed from what follows
      int claimCount = in.readUnsignedByte();
      String tenantId = in.readUTF();
      String to = in.readUTF();
      String country = in.readUTF();
      byte[] codeHash = readBytes(in);
      byte[] sealed = readBytes(in);
      long base = in.readLong();
      long keepUntil = expiresAt + readVarLong(in);
      String locale = readNullable(in);
      String appHash = readNullable(in);
      String webOtp = readNullable(in);
      Transaction transaction =
          in.readBoolean() ? new Transaction(in.readUTF(), in.readUTF(), in.readUTF()) : null;
      Verification.Request request =
          new Verification.Request(
              locale,
              appHash,
              webOtp,
              transaction,
              Risk.values()[in.readByte()],
              ChannelPreference.values()[in.readByte()],
              in.readBoolean(),
              readNullable(in),
              readNullable(in));
      int end = in.readUnsignedByte();
      EndReason endReason = end == 0 ? null : EndReason.values()[end - 1];
      long endedAt = readTime(in, base);
      int failedChecks = in.readByte();
      int sends = in.readShort();
      long pushDeadline = readTime(in, base);
      int nextAttempt = in.readShort();
      Verification.Route route =
          in.readBoolean() ? new Verification.Route(readRulesVersion(in), readReason(in)) : null;
      int count = in.readUnsignedByte();
      List<Attempt> attempts = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        attempts.add(readAttempt(in, base));
      }
      int eventCount = in.readUnsignedShort();
      List<Verification.Outboxed> outbox = new ArrayList<>(outboxSize);
      EventContext context = new EventContext(id, tenantId, to, country, request.userRef());
      for (int i = 0; i < outboxSize; i++) {
        outbox.add(new Verification.Outboxed(readEvent(in, base, context), readNullable(in)));
      }
      long resendHeldUntil = readTime(in, base);
      List<SendClaim> claims = new ArrayList<>(claimCount);
      for (int i = 0; i < claimCount; i++) {
        claims.add(readClaim(in, base));
      }
      return new Verification(
          new Verification.State(
              id,
              tenantId,
              to,
              country,
              codeHash,
              sealed,
              base,
              expiresAt,
              keepUntil,
              request,
              status,
              endReason,
              endedAt,
              failedChecks,
              sends,
              pushDeadline,
              nextAttempt,
              route,
              attempts,
              eventCount,
              outbox,
              resendHeldUntil,
              claims));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A route's reason as its parts: basis, conversion, exploration and what was passed over share
   * one byte. (The passed-over bits came last: a member of an older build ignores them and reads
   * the reason without them.)
   */
  private static void writeReason(DataOutputStream out, RouteReason r) throws IOException {
    out.writeByte(
        r.basis().ordinal()
            | (r.conversion() != null ? 1 << 4 : 0)
            | (r.explored() ? 1 << 5 : 0)
            | (r.passedOver().contains(RouteReason.PassedOver.ALREADY_TRIED) ? 1 << 6 : 0)
            | (r.passedOver().contains(RouteReason.PassedOver.NOT_CONFIGURED) ? 1 << 7 : 0));
    writeWord(out, r.provider());
    writeWord(out, r.region());
    writeDecimal(out, r.costUsd());
    writeVarLong(out, r.latencyMs());
    if (r.conversion() != null) {
      out.writeDouble(r.conversion().mean());
      out.writeDouble(r.conversion().sends());
    }
  }

  private static RouteReason readReason(DataInputStream in) throws IOException {
    int flags = in.readUnsignedByte();
    RouteReason.Basis basis = RouteReason.Basis.values()[flags & 0xf];
    String provider = readWord(in);
    String region = readWord(in);
    BigDecimal cost = readDecimal(in);
    long latency = readVarLong(in);
    RouteReason.Conversion conversion =
        (flags & 1 << 4) != 0 ? new RouteReason.Conversion(in.readDouble(), in.readDouble()) : null;
    Set<RouteReason.PassedOver> passedOver = Set.of();
    if ((flags & (1 << 6 | 1 << 7)) != 0) {
      passedOver = EnumSet.noneOf(RouteReason.PassedOver.class);
      if ((flags & 1 << 6) != 0) {
        passedOver.add(RouteReason.PassedOver.ALREADY_TRIED);
      }
      if ((flags & 1 << 7) != 0) {
        passedOver.add(RouteReason.PassedOver.NOT_CONFIGURED);
      }
    }
    return new RouteReason(
        basis, provider, region, cost, latency, conversion, (flags & 1 << 5) != 0, passedOver);
  }

  private static void writeAttempt(DataOutputStream out, long base, Attempt a) throws IOException {
    out.writeShort(a.number());
    writeWord(out, a.provider());
    writeChannel(out, a.channel());
    out.writeByte(a.trigger().ordinal());
    out.writeBoolean(a.accepted());
    out.writeByte(a.failureKind() == null ? 0 : a.failureKind().ordinal() + 1);
    writeWord(out, a.reason());
    writeMessageId(out, a.providerMessageId());
    writeTime(out, base, a.at());
    out.writeByte(a.delivery().ordinal());
    writeTime(out, base, a.deliveryAt());
    writeDecimal(out, a.priceUsd());
    out.writeByte(a.segments());
    out.writeDouble(a.carbonGrams());
    writeTime(out, base, a.deliveryDueAt());
  }

  private static Attempt readAttempt(DataInputStream in, long base) throws IOException {
    int number = in.readShort();
    String provider = readWord(in);
    Channel channel = readChannel(in);
    SendTrigger trigger = SendTrigger.values()[in.readByte()];
    boolean accepted = in.readBoolean();
    int kind = in.readUnsignedByte();
    return new Attempt(
        number,
        provider,
        channel,
        trigger,
        accepted,
        kind == 0 ? null : FailureKind.values()[kind - 1],
        readWord(in),
        readMessageId(in),
        readTime(in, base),
        DeliveryState.values()[in.readByte()],
        readTime(in, base),
        readDecimal(in),
        in.readUnsignedByte(),
        in.readDouble(),
        readTime(in, base));
  }

  private static void writeClaim(DataOutputStream out, long base, SendClaim c) throws IOException {
    out.writeShort(c.first());
    writeNullable(out, c.member());
    writeTime(out, base, c.since());
    out.writeByte(c.trigger().ordinal());
    out.writeByte(c.candidates().size());
    for (Candidate k : c.candidates()) {
      writeWord(out, k.provider());
      writeChannel(out, k.channel());
      writeNullable(out, k.sender());
      writeDecimal(out, k.priceUsd());
      out.writeDouble(k.carbonGrams());
      writeVarLong(out, k.deliveryTimeout().toMillis());
    }
    writeDecimal(out, c.baselineUsd());
  }

  private static SendClaim readClaim(DataInputStream in, long base) throws IOException {
    int first = in.readUnsignedShort();
    String member = readNullable(in);
    long since = readTime(in, base);
    SendTrigger trigger = SendTrigger.values()[in.readByte()];
    int count = in.readUnsignedByte();
    List<Candidate> candidates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      candidates.add(
          new Candidate(
              readWord(in),
              readChannel(in),
              readNullable(in),
              readDecimal(in),
              in.readDouble(),
              Duration.ofMillis(readVarLong(in))));
    }
    return new SendClaim(first, member, since, trigger, candidates, readDecimal(in));
  }

  /** What an event shares with its verification, and so is not stored with it. */
  private record EventContext(
      String verification, String tenant, String to, String country, String userRef) {}

  private static void writeEvent(DataOutputStream out, long base, String verificationId, Event e)
      throws IOException {
    out.writeUTF(e.id().substring(verificationId.length() + 1));
    out.writeByte(e.type().ordinal());
    writeTime(out, base, e.at());
    writeWord(out, e.region());
    writeChannel(out, e.channel());
    writeWord(out, e.provider());
    out.writeShort(e.attempt());
    out.writeByte(e.segments());
    writeDecimal(out, e.priceUsd());
    writeDecimal(out, e.baselineUsd());
    out.writeDouble(e.carbonGrams());
    out.writeBoolean(e.rulesVersion() != null);
    if (e.rulesVersion() != null) {
      writeRulesVersion(out, e.rulesVersion());
    }
    out.writeBoolean(e.decision() != null);
    if (e.decision() != null) {
      writeDecision(out, e.decision());
    }
    writeWord(out, e.outcome());
    writeWord(out, e.status());
    out.writeByte(e.attemptsLeft());
    writeVarLong(out, e.latencyMs());
    out.writeByte(e.detail().size());
    for (Map.Entry<String, String> d : e.detail().entrySet()) {
      writeWord(out, d.getKey());
      writeWord(out, d.getValue());
    }
  }

  private static Event readEvent(DataInputStream in, long base, EventContext c) throws IOException {
    String number = in.readUTF();
    EventType type = EventType.values()[in.readByte()];
    long at = readTime(in, base);
    Event.Builder b =
        Event.builder(c.verification() + ':' + number, type, at, c.tenant())
            .verification(c.verification(), c.to(), c.country())
            .region(readWord(in));
    Channel channel = readChannel(in);
    String provider = readWord(in);
    int attempt = in.readShort();
    int segments = in.readUnsignedByte();
    b.message(provider, channel, attempt, segments);
    b.cost(readDecimal(in), readDecimal(in), in.readDouble());
    String rulesVersion = in.readBoolean() ? readRulesVersion(in) : null;
    RecordedDecision decision = in.readBoolean() ? readDecision(in) : null;
    b.route(rulesVersion, decision);
    b.outcome(readWord(in));
    String status = readWord(in);
    b.state(status, in.readUnsignedByte(), c.userRef());
    b.latencyMs(readVarLong(in));
    int details = in.readUnsignedByte();
    for (int i = 0; i < details; i++) {
      b.detail(readWord(in), readWord(in));
    }
    return b.build();
  }

  private static void writeDecision(DataOutputStream out, RecordedDecision d) throws IOException {
    out.writeUTF(d.country());
    out.writeByte(d.risk().ordinal());
    out.writeByte(d.channel().ordinal());
    out.writeBoolean(d.consent());
    out.writeByte(rcsCapabilityByte(d.rcsCapability()));
    out.writeByte(d.segments());
    writeNullable(out, d.tenantId());
    out.writeBoolean(d.countryPermitted());
    out.writeByte(d.health().size());
    for (Map.Entry<String, ProviderStatus> h : d.health().entrySet()) {
      writeWord(out, h.getKey());
      ProviderStatus s = h.getValue();
      out.writeByte(s.breaker().ordinal());
      out.writeDouble(s.successRate());
      writeVarLong(out, s.samples());
      out.writeDouble(s.meanLatencyMs());
    }
    out.writeByte(d.volumes().size());
    for (Map.Entry<String, Long> v : d.volumes().entrySet()) {
      writeWord(out, v.getKey());
      writeVarLong(out, v.getValue());
    }
    writeWord(out, d.region());
    writeRulesVersion(out, d.rulesVersion());
    out.writeByte(d.candidates().size());
    for (RecordedDecision.Choice c : d.candidates()) {
      writeWord(out, c.provider());
      writeChannel(out, c.channel());
    }
    writeLeft(out, d.exclusions());
    out.writeByte(d.refusal() == null ? 0 : d.refusal().ordinal() + 1);
    writeLeft(out, d.skipped());
    RecordedDecision.ConversionInputs c = d.conversions();
    out.writeBoolean(c != null);
    if (c != null) {
      out.writeByte(c.routes().size());
      for (Map.Entry<String, ConversionEvidence> r : c.routes().entrySet()) {
        out.writeUTF(r.getKey());
        writeEvidence(out, r.getValue());
      }
      out.writeByte(c.totals().size());
      for (Map.Entry<Channel, ConversionEvidence> t : c.totals().entrySet()) {
        writeChannel(out, t.getKey());
        writeEvidence(out, t.getValue());
      }
      out.writeDouble(c.exploration().share());
      out.writeLong(c.exploration().seed());
    }
  }

  private static void writeEvidence(DataOutputStream out, ConversionEvidence e) throws IOException {
    out.writeDouble(e.approved());
    out.writeDouble(e.sends());
  }

  private static ConversionEvidence readEvidence(DataInputStream in) throws IOException {
    return new ConversionEvidence(in.readDouble(), in.readDouble());
  }

  private static RecordedDecision.ConversionInputs readConversions(DataInputStream in)
      throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    Map<String, ConversionEvidence> routes = new TreeMap<>();
    int routeCount = in.readUnsignedByte();
    for (int i = 0; i < routeCount; i++) {
      routes.put(in.readUTF(), readEvidence(in));
    }
    Map<Channel, ConversionEvidence> totals = new EnumMap<>(Channel.class);
    int totalCount = in.readUnsignedByte();
    for (int i = 0; i < totalCount; i++) {
      totals.put(readChannel(in), readEvidence(in));
    }
    return new RecordedDecision.ConversionInputs(
        routes, totals, new Exploration(in.readDouble(), in.readLong()));
  }

  /**
   * The capability as one byte: 0 and 1 as the boolean this byte held before an unanswered check
   * was told apart, so that records written then read the same; 2 for no answer, 3 for no RBM
   * adapter (docs/operations.md, *Upgrade*: a member of an earlier build refuses or misreads it).
   */
  private static int rcsCapabilityByte(RcsCapability c) {
    return switch (c) {
      case NOT_CAPABLE -> 0;
      case CAPABLE -> 1;
      case UNANSWERED -> 2;
      case NO_ADAPTER -> 3;
    };
  }

  private static RcsCapability rcsCapability(int b) {
    return switch (b) {
      case 0 -> RcsCapability.NOT_CAPABLE;
      case 1 -> RcsCapability.CAPABLE;
      case 2 -> RcsCapability.UNANSWERED;
      case 3 -> RcsCapability.NO_ADAPTER;
      default -> throw new IllegalStateException("unknown RCS capability " + b);
    };
  }

  private static RecordedDecision readDecision(DataInputStream in) throws IOException {
    String country = in.readUTF();
    Risk risk = Risk.values()[in.readByte()];
    ChannelPreference channel = ChannelPreference.values()[in.readByte()];
    boolean consent = in.readBoolean();
    RcsCapability rcsCapability = rcsCapability(in.readUnsignedByte());
    int segments = in.readUnsignedByte();
    String tenant = readNullable(in);
    boolean permitted = in.readBoolean();
    Map<String, ProviderStatus> health = new TreeMap<>();
    int providers = in.readUnsignedByte();
    for (int i = 0; i < providers; i++) {
      health.put(
          readWord(in),
          new ProviderStatus(
              BreakerState.values()[in.readByte()],
              in.readDouble(),
              readVarLong(in),
              in.readDouble()));
    }
    Map<String, Long> volumes = new TreeMap<>();
    int volumeCount = in.readUnsignedByte();
    for (int i = 0; i < volumeCount; i++) {
      volumes.put(readWord(in), readVarLong(in));
    }
    String region = readWord(in);
    String rulesVersion = readRulesVersion(in);
    int candidateCount = in.readUnsignedByte();
    List<RecordedDecision.Choice> candidates = new ArrayList<>(candidateCount);
    for (int i = 0; i < candidateCount; i++) {
      candidates.add(new RecordedDecision.Choice(readWord(in), readChannel(in)));
    }
    List<RecordedDecision.Left> exclusions = readLeft(in);
    int refusal = in.readUnsignedByte();
    List<RecordedDecision.Left> skipped = readLeft(in);
    RecordedDecision.ConversionInputs conversions = readConversions(in);
    return new RecordedDecision(
        country,
        risk,
        channel,
        consent,
        rcsCapability,
        segments,
        tenant,
        permitted,
        health,
        volumes,
        region,
        rulesVersion,
        candidates,
        exclusions,
        refusal == 0 ? null : RefusalCode.values()[refusal - 1],
        skipped,
        conversions);
  }

  private static void writeLeft(DataOutputStream out, List<RecordedDecision.Left> left)
      throws IOException {
    out.writeByte(left.size());
    for (RecordedDecision.Left l : left) {
      writeWord(out, l.provider());
      writeChannel(out, l.channel());
      writeWord(out, l.reason());
    }
  }

  private static List<RecordedDecision.Left> readLeft(DataInputStream in) throws IOException {
    int count = in.readUnsignedByte();
    List<RecordedDecision.Left> left = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      left.add(new RecordedDecision.Left(readWord(in), readChannel(in), readWord(in)));
    }
    return left;
  }

  private static void writeChannel(DataOutputStream out, Channel c) throws IOException {
    out.writeByte(c == null ? 0 : c.ordinal() + 1);
  }

  private static Channel readChannel(DataInputStream in) throws IOException {
    int code = in.readUnsignedByte();
    return code == 0 ? null : Channel.values()[code - 1];
  }

  /** A decimal as its scale and unscaled value, exactly; null stays null. */
  private static void writeDecimal(DataOutputStream out, BigDecimal d) throws IOException {
    if (d == null) {
      out.writeByte(LITERAL);
      return;
    }
    // Prices keep four to a few more decimals; a negative scale (1E+2) is written out plainly.
    BigDecimal plain = d.scale() < 0 ? d.setScale(0) : d;
    byte[] unscaled = plain.unscaledValue().toByteArray();
    out.writeByte(plain.scale());
    out.writeByte(unscaled.length);
    out.write(unscaled);
  }

  private static BigDecimal readDecimal(DataInputStream in) throws IOException {
    int scale = in.readUnsignedByte();
    if (scale == LITERAL) {
      return null;
    }
    byte[] unscaled = new byte[in.readUnsignedByte()];
    in.readFully(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  private static void writeWord(DataOutputStream out, String word) throws IOException {
    if (word == null) {
      out.writeByte(0);
      return;
    }
    int index = WORDS.indexOf(word);
    if (index >= 0) {
      out.writeByte(index + 1);
    } else {
      out.writeByte(LITERAL);
      out.writeUTF(word);
    }
  }

  private static String readWord(DataInputStream in) throws IOException {
    int code = in.readUnsignedByte();
    if (code == 0) {
      return null;
    }
    return code == LITERAL ? in.readUTF() : WORDS.get(code - 1);
  }

  /** A time as a variable-length offset from the record's creation; 0 stays "not set". */
  private static void writeTime(DataOutputStream out, long base, long time) throws IOException {
    writeVarLong(out, time == 0 ? 0 : ((time - base) << 1 ^ (time - base) >> 63) + 1);
  }

  private static long readTime(DataInputStream in, long base) throws IOException {
    long offset = readVarLong(in);
    if (offset == 0) {
      return 0;
    }
    long zigzag = offset - 1;
    return base + ((zigzag >>> 1) ^ -(zigzag & 1));
  }

  /** An unsigned variable-length integer, seven bits a byte. */
  private static void writeVarLong(DataOutputStream out, long value) throws IOException {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  private static long readVarLong(DataInputStream in) throws IOException {
    long value = 0;
    int shift = 0;
    int b;
    do {
      b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return value;
  }

  /**
   * A rules version and its digest. Nearly every record names the rules in force, so the one last
   * written or read is kept: matching and hex-converting the same 71 characters in every encode and
   * decode was 9% of the partition threads' time in a profile (docs/benchmarks.md). Replaced, never
   * changed, so threads share it without a lock.
   */
  private record KnownVersion(String text, byte[] digest) {}

  private static volatile KnownVersion lastVersion = new KnownVersion("", new byte[0]);

  private static void writeRulesVersion(DataOutputStream out, String version) throws IOException {
    KnownVersion known = lastVersion;
    if (!version.equals(known.text())) {
      if (!SHA256_VERSION.matcher(version).matches()) {
        out.writeBoolean(false);
        out.writeUTF(version);
        return;
      }
      known = new KnownVersion(version, HEX.parseHex(version, 7, version.length()));
      lastVersion = known;
    }
    out.writeBoolean(true);
    out.write(known.digest());
  }

  private static String readRulesVersion(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return in.readUTF();
    }
    byte[] digest = new byte[32];
    in.readFully(digest);
    KnownVersion known = lastVersion;
    if (Arrays.equals(digest, known.digest())) {
      return known.text();
    }
    known = new KnownVersion("sha256:" + HEX.formatHex(digest), digest);
    lastVersion = known;
    return known.text();
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeByte(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readUnsignedByte()];
    in.readFully(b);
    return b;
  }

  /**
   * How a provider's message id is kept: none, as text, or as a prefix and its hex digits' bytes.
   */
  private static final byte NO_MESSAGE_ID = 0;

  private static final byte TEXT_MESSAGE_ID = 1;
  private static final byte HEX_MESSAGE_ID = 2;

  /** The fewest hex digits worth keeping as bytes. */
  private static final int MIN_HEX_DIGITS = 16;

  /**
   * A provider's message id, whose tail of lowercase hex digits (all of MessageBird's, Twilio's
   * after its two-letter prefix: 34 characters) is kept as bytes: 16 bytes for 32 digits. Every
   * sent attempt keeps one for the record's whole life.
   */
  private static void writeMessageId(DataOutputStream out, String id) throws IOException {
    if (id == null) {
      out.writeByte(NO_MESSAGE_ID);
      return;
    }
    int hexFrom = id.length();
    while (hexFrom > 0 && isLowerHex(id.charAt(hexFrom - 1))) {
      hexFrom--;
    }
    if ((id.length() - hexFrom) % 2 != 0) {
      hexFrom++;
    }
    int digits = id.length() - hexFrom;
    if (digits < MIN_HEX_DIGITS || digits / 2 > 255) {
      out.writeByte(TEXT_MESSAGE_ID);
      out.writeUTF(id);
      return;
    }
    out.writeByte(HEX_MESSAGE_ID);
    out.writeUTF(id.substring(0, hexFrom));
    byte[] bytes = HEX.parseHex(id, hexFrom, id.length());
    out.writeByte(bytes.length);
    out.write(bytes);
  }

  private static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  private static String readMessageId(DataInputStream in) throws IOException {
    return switch (in.readByte()) {
      case NO_MESSAGE_ID -> null;
      case TEXT_MESSAGE_ID -> in.readUTF();
      case HEX_MESSAGE_ID -> {
        String prefix = in.readUTF();
        byte[] bytes = new byte[in.readUnsignedByte()];
        in.readFully(bytes);
        yield prefix + HEX.formatHex(bytes);
      }
      default -> throw new IllegalStateException("unknown kind of provider message id");
    };
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
