package dev.otpgateway.verification;

import dev.otpgateway.otp.Transaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The stored form of a verification: a versioned, compact binary record. Every verification stays
 * in memory for its code's lifetime and its retention, so its size is the gateway's memory (and,
 * through the garbage collector, part of its CPU): words that recur in every record (providers,
 * channels, states) take a byte, times are small offsets from the creation time, and the rules
 * version is kept as its 32-byte digest. The leading version byte lets a later format be told
 * apart.
 */
public final class VerificationCodec {
  private static final byte VERSION = 2;

  /** Words stored as one byte (their index + 1); anything else is written out after a 255. */
  private static final List<String> WORDS =
      List.of(
          "twilio",
          "sinch",
          "messagebird",
          "rbm",
          "sms",
          "rcs",
          "auto",
          "low",
          "high",
          "initial",
          "resend",
          "accepted",
          "failed",
          "none",
          "pending",
          "delivered",
          "timed_out",
          "revoked",
          "retryable",
          "permanent",
          "ambiguous",
          "approved",
          "max_attempts",
          "canceled",
          "all_providers_failed",
          "failover:failure_receipt",
          "failover:delivery_timeout",
          "failover:rcs_not_delivered",
          "timeout",
          "found_after_timeout",
          "circuit_open",
          "connection_refused",
          "us",
          "eu",
          "gb",
          "in",
          "br",
          "apac",
          "africa",
          "default");

  private static final int LITERAL = 255;
  private static final Pattern SHA256_VERSION = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();

  private VerificationCodec() {}

  public static byte[] encode(Verification v) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(320);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      long base = v.createdAt();
      out.writeByte(VERSION);
      out.writeUTF(v.id());
      out.writeUTF(v.tenantId());
      out.writeUTF(v.to());
      out.writeUTF(v.country());
      writeBytes(out, v.codeHash());
      writeBytes(out, v.sealedCode());
      out.writeLong(base);
      writeTime(out, base, v.expiresAt());
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
      writeWord(out, r.risk());
      writeWord(out, r.channel());
      out.writeBoolean(r.consent());
      writeNullable(out, r.userRef());
      writeNullable(out, r.deviceId());
      out.writeByte(v.status().ordinal());
      writeWord(out, v.endReason());
      writeTime(out, base, v.endedAt());
      out.writeByte(v.failedChecks());
      out.writeShort(v.sends());
      writeTime(out, base, v.pushDeadline());
      out.writeShort(v.nextAttempt());
      Verification.Route route = v.route();
      out.writeBoolean(route != null);
      if (route != null) {
        writeRulesVersion(out, route.rulesVersion());
        writeWord(out, route.region());
        out.writeUTF(route.reason());
      }
      List<Attempt> attempts = v.attempts();
      out.writeByte(attempts.size());
      for (Attempt a : attempts) {
        out.writeShort(a.number());
        writeWord(out, a.provider());
        writeWord(out, a.channel());
        writeWord(out, a.trigger());
        writeWord(out, a.outcome());
        writeWord(out, a.failureKind());
        writeWord(out, a.reason());
        writeNullable(out, a.providerMessageId());
        writeTime(out, base, a.at());
        writeWord(out, a.delivery());
        writeTime(out, base, a.deliveryAt());
        out.writeDouble(a.costUsd());
        out.writeByte(a.segments());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static Verification decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("unknown verification encoding version " + version);
      }
      String id = in.readUTF();
      String tenantId = in.readUTF();
      String to = in.readUTF();
      String country = in.readUTF();
      byte[] codeHash = readBytes(in);
      byte[] sealed = readBytes(in);
      long base = in.readLong();
      long expiresAt = readTime(in, base);
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
              readWord(in),
              readWord(in),
              in.readBoolean(),
              readNullable(in),
              readNullable(in));
      VerificationStatus status = VerificationStatus.values()[in.readByte()];
      String endReason = readWord(in);
      long endedAt = readTime(in, base);
      int failedChecks = in.readByte();
      int sends = in.readShort();
      long pushDeadline = readTime(in, base);
      int nextAttempt = in.readShort();
      Verification.Route route =
          in.readBoolean()
              ? new Verification.Route(readRulesVersion(in), readWord(in), in.readUTF())
              : null;
      int count = in.readUnsignedByte();
      List<Attempt> attempts = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        attempts.add(
            new Attempt(
                in.readShort(),
                readWord(in),
                readWord(in),
                readWord(in),
                readWord(in),
                readWord(in),
                readWord(in),
                readNullable(in),
                readTime(in, base),
                readWord(in),
                readTime(in, base),
                in.readDouble(),
                in.readUnsignedByte()));
      }
      return new Verification(
          id,
          tenantId,
          to,
          country,
          codeHash,
          sealed,
          base,
          expiresAt,
          request,
          status,
          endReason,
          endedAt,
          failedChecks,
          sends,
          pushDeadline,
          nextAttempt,
          route,
          attempts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    long offset = time == 0 ? 0 : ((time - base) << 1 ^ (time - base) >> 63) + 1;
    while ((offset & ~0x7FL) != 0) {
      out.writeByte((int) (offset & 0x7F) | 0x80);
      offset >>>= 7;
    }
    out.writeByte((int) offset);
  }

  private static long readTime(DataInputStream in, long base) throws IOException {
    long offset = 0;
    int shift = 0;
    int b;
    do {
      b = in.readUnsignedByte();
      offset |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    if (offset == 0) {
      return 0;
    }
    long zigzag = offset - 1;
    return base + ((zigzag >>> 1) ^ -(zigzag & 1));
  }

  private static void writeRulesVersion(DataOutputStream out, String version) throws IOException {
    if (SHA256_VERSION.matcher(version).matches()) {
      out.writeBoolean(true);
      out.write(HEX.parseHex(version, 7, version.length()));
    } else {
      out.writeBoolean(false);
      out.writeUTF(version);
    }
  }

  private static String readRulesVersion(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return in.readUTF();
    }
    byte[] digest = new byte[32];
    in.readFully(digest);
    return "sha256:" + HEX.formatHex(digest);
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
