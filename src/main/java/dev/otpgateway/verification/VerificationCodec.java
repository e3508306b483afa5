package dev.otpgateway.verification;

import dev.otpgateway.otp.Transaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a verification: a versioned binary record. Explicit, so a shared store holds a
 * few hundred bytes per verification rather than a Java-serialized object graph, and so a newer
 * node can still read what an older one wrote.
 */
public final class VerificationCodec {
  private static final byte VERSION = 1;

  private VerificationCodec() {}

  public static byte[] encode(Verification v) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(384);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(v.id());
      out.writeUTF(v.tenantId());
      out.writeUTF(v.to());
      out.writeUTF(v.country());
      writeBytes(out, v.codeHash());
      writeBytes(out, v.sealedCode());
      out.writeLong(v.createdAt());
      out.writeLong(v.expiresAt());
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
      out.writeUTF(r.risk());
      out.writeUTF(r.channel());
      out.writeBoolean(r.consent());
      writeNullable(out, r.userRef());
      writeNullable(out, r.deviceId());
      out.writeByte(v.status().ordinal());
      writeNullable(out, v.endReason());
      out.writeLong(v.endedAt());
      out.writeShort(v.failedChecks());
      out.writeShort(v.sends());
      out.writeLong(v.pushDeadline());
      out.writeShort(v.nextAttempt());
      Verification.Route route = v.route();
      out.writeBoolean(route != null);
      if (route != null) {
        out.writeUTF(route.rulesVersion());
        out.writeUTF(route.region());
        out.writeUTF(route.reason());
      }
      List<Attempt> attempts = v.attempts();
      out.writeShort(attempts.size());
      for (Attempt a : attempts) {
        out.writeShort(a.number());
        out.writeUTF(a.provider());
        out.writeUTF(a.channel());
        out.writeUTF(a.trigger());
        out.writeUTF(a.outcome());
        writeNullable(out, a.failureKind());
        writeNullable(out, a.reason());
        writeNullable(out, a.providerMessageId());
        out.writeLong(a.at());
        out.writeUTF(a.delivery());
        out.writeLong(a.deliveryAt());
        out.writeDouble(a.costUsd());
        out.writeShort(a.segments());
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
      long createdAt = in.readLong();
      long expiresAt = in.readLong();
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
              in.readUTF(),
              in.readUTF(),
              in.readBoolean(),
              readNullable(in),
              readNullable(in));
      VerificationStatus status = VerificationStatus.values()[in.readByte()];
      String endReason = readNullable(in);
      long endedAt = in.readLong();
      int failedChecks = in.readShort();
      int sends = in.readShort();
      long pushDeadline = in.readLong();
      int nextAttempt = in.readShort();
      Verification.Route route =
          in.readBoolean()
              ? new Verification.Route(in.readUTF(), in.readUTF(), in.readUTF())
              : null;
      int count = in.readShort();
      List<Attempt> attempts = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        attempts.add(
            new Attempt(
                in.readShort(),
                in.readUTF(),
                in.readUTF(),
                in.readUTF(),
                in.readUTF(),
                readNullable(in),
                readNullable(in),
                readNullable(in),
                in.readLong(),
                in.readUTF(),
                in.readLong(),
                in.readDouble(),
                in.readShort()));
      }
      return new Verification(
          id,
          tenantId,
          to,
          country,
          codeHash,
          sealed,
          createdAt,
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

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeShort(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readShort()];
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
