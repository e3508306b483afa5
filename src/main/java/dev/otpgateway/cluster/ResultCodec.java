package dev.otpgateway.cluster;

import dev.otpgateway.compact.ByteStreams;
import dev.otpgateway.verification.CheckResult;
import dev.otpgateway.verification.DestinationStore.Reservation;
import dev.otpgateway.verification.Verification;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the hot entry processors answer, as bytes. Hazelcast passes a {@code byte[]} through as it
 * is; the records it would otherwise Java-serialize (and read back through an ObjectInputStream)
 * cost a few percent of the gateway's CPU at load.
 */
final class ResultCodec {
  private static final byte CHECK = 1;
  private static final byte BOOLEAN = 2;
  private static final byte INTEGER = 3;
  private static final byte RECEIPT = 4;
  private static final byte DUE = 5;

  private ResultCodec() {}

  /**
   * A transition's result, how many events it emitted (they are the ones its publisher stamped, in
   * the verification's outbox), and the verification it left behind.
   */
  static byte[] transition(Object result, int emitted, byte[] verification) {
    ByteStreams.Output bytes = new ByteStreams.Output(verification.length + 8);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (result instanceof CheckResult c) {
        out.writeByte(CHECK);
        out.writeByte(c.outcome().ordinal());
        out.writeByte(c.attemptsLeft());
      } else if (result instanceof Boolean b) {
        out.writeByte(BOOLEAN);
        out.writeBoolean(b);
      } else if (result instanceof Integer i) {
        out.writeByte(INTEGER);
        out.writeInt(i);
      } else if (result instanceof Verification.ReceiptEffect e) {
        out.writeByte(RECEIPT);
        out.writeByte(e.ordinal());
      } else if (result instanceof Verification.Due d) {
        out.writeByte(DUE);
        out.writeBoolean(d.push());
        out.writeBoolean(d.heldResend());
        writeNumbers(out, d.deliveries());
        writeNumbers(out, d.lostSends());
      } else {
        throw new IllegalArgumentException(
            "no encoding for a transition result of " + result.getClass());
      }
      out.writeShort(emitted);
      out.write(verification);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The result, how many events the change emitted, and the verification's bytes. */
  record Decoded(Object result, int emitted, byte[] verification) {}

  static Decoded transition(byte[] data) {
    try (DataInputStream in = ByteStreams.reader(data)) {
      byte tag = in.readByte();
      Object result =
          switch (tag) {
            case CHECK ->
                new CheckResult(CheckResult.Outcome.values()[in.readByte()], in.readByte());
            case BOOLEAN -> in.readBoolean();
            case INTEGER -> in.readInt();
            case RECEIPT -> Verification.ReceiptEffect.values()[in.readByte()];
            case DUE ->
                new Verification.Due(
                    in.readBoolean(), in.readBoolean(), readNumbers(in), readNumbers(in));
            default -> throw new IllegalStateException("unknown transition result tag " + tag);
          };
      int emitted = in.readUnsignedShort();
      int headerLength = data.length - in.available();
      return new Decoded(result, emitted, Arrays.copyOfRange(data, headerLength, data.length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeNumbers(DataOutputStream out, List<Integer> numbers) throws IOException {
    out.writeShort(numbers.size());
    for (int n : numbers) {
      out.writeShort(n);
    }
  }

  private static List<Integer> readNumbers(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    List<Integer> numbers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      numbers.add(in.readUnsignedShort());
    }
    return numbers;
  }

  static byte[] reservation(Reservation r) {
    ByteStreams.Output bytes = new ByteStreams.Output(48);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(r.kind().ordinal());
      out.writeUTF(r.verificationId() == null ? "" : r.verificationId());
      out.writeLong(r.retryAfterMillis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Reservation reservation(byte[] data) {
    try (DataInputStream in = ByteStreams.reader(data)) {
      Reservation.Kind kind = Reservation.Kind.values()[in.readByte()];
      String id = in.readUTF();
      return new Reservation(kind, id.isEmpty() ? null : id, in.readLong());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
