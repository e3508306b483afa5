package dev.otpgateway.cluster;

import dev.otpgateway.compact.ByteStreams;
import dev.otpgateway.events.Ids;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Per tenant and number: the live verification, what its code is bound to, and the times of the
 * sends inside the rate window.
 *
 * <p>Stored as a few dozen bytes, the fixed part first: a version byte, the live code's expiry, the
 * number of sends and their times; then the live verification's id, as its 128 bits when the
 * gateway minted it (17 bytes instead of 32 as text); then the binding. A number's state lives an
 * hour after its last send, six times as long as a verification, so in steady state these states
 * are most of a member's heap; they are kept many to a Hazelcast record ({@link
 * DestinationBucket}), whose sweep reads each one's end from its bytes ({@link #keepUntil(byte[],
 * int, long)}) without decoding it.
 */
record DestinationState(String liveId, long liveExpiresAt, String binding, long[] sendTimes) {
  static final DestinationState EMPTY = new DestinationState(null, 0, "", new long[0]);

  private static final byte VERSION = 1;

  /** Offsets in the stored form. */
  private static final int EXPIRES_AT = 1;

  private static final int SEND_COUNT_AT = 9;
  private static final int SENDS_AT = 11;

  /** How the live verification's id is kept. */
  private static final byte NO_ID = 0;

  private static final byte MINTED_ID = 1;
  private static final byte OTHER_ID = 2;

  /**
   * The sends still inside the window ending now, and the live verification only while its code
   * lives: a dead code is never resent nor protected from being superseded, and forgetting it saves
   * its 17 bytes for the rest of the hour.
   */
  DestinationState pruned(long now, long windowMillis) {
    long cutoff = now - windowMillis;
    long[] kept = Arrays.stream(sendTimes).filter(t -> t > cutoff).toArray();
    return liveExpiresAt > now
        ? new DestinationState(liveId, liveExpiresAt, binding, kept)
        : new DestinationState(null, 0, "", kept);
  }

  DestinationState withSend(long now) {
    long[] more = Arrays.copyOf(sendTimes, sendTimes.length + 1);
    more[sendTimes.length] = now;
    return new DestinationState(liveId, liveExpiresAt, binding, more);
  }

  DestinationState withLive(String id, long expiresAt, String newBinding) {
    return new DestinationState(id, expiresAt, newBinding, sendTimes);
  }

  long oldestSend() {
    return Arrays.stream(sendTimes).min().orElse(0);
  }

  /** How long the entry must be kept: until its newest send leaves the window, or its code dies. */
  long keepUntil(long windowMillis) {
    return end(Arrays.stream(sendTimes).max().orElse(0), liveExpiresAt, windowMillis);
  }

  /**
   * {@link #keepUntil(long)} of a state stored in {@code data} from {@code offset} on, read from
   * its fixed part.
   */
  static long keepUntil(byte[] data, int offset, long windowMillis) {
    ByteBuffer in = ByteBuffer.wrap(data);
    checkVersion(in.get(offset));
    long newest = 0;
    int sends = Short.toUnsignedInt(in.getShort(offset + SEND_COUNT_AT));
    for (int i = 0; i < sends; i++) {
      newest = Math.max(newest, in.getLong(offset + SENDS_AT + 8 * i));
    }
    return end(newest, in.getLong(offset + EXPIRES_AT), windowMillis);
  }

  private static long end(long newestSend, long liveExpiresAt, long windowMillis) {
    return Math.max(newestSend + windowMillis, liveExpiresAt);
  }

  byte[] encode() {
    ByteStreams.Output bytes = new ByteStreams.Output(48);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(liveExpiresAt);
      out.writeShort(sendTimes.length);
      for (long t : sendTimes) {
        out.writeLong(t);
      }
      Ids.Bits bits = liveId == null ? null : Ids.bitsOf(Ids.VERIFICATION, liveId);
      if (liveId == null) {
        out.writeByte(NO_ID);
      } else if (bits != null) {
        out.writeByte(MINTED_ID);
        out.writeLong(bits.high());
        out.writeLong(bits.low());
      } else {
        out.writeByte(OTHER_ID);
        out.writeUTF(liveId);
      }
      out.writeUTF(binding == null ? "" : binding);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static DestinationState decode(byte[] data) {
    if (data == null) {
      return EMPTY;
    }
    try (DataInputStream in = ByteStreams.reader(data)) {
      checkVersion(in.readByte());
      long expires = in.readLong();
      long[] times = new long[in.readUnsignedShort()];
      for (int i = 0; i < times.length; i++) {
        times[i] = in.readLong();
      }
      String live =
          switch (in.readByte()) {
            case NO_ID -> null;
            case MINTED_ID -> Ids.of(Ids.VERIFICATION, new Ids.Bits(in.readLong(), in.readLong()));
            case OTHER_ID -> in.readUTF();
            default -> throw new IllegalStateException("unknown kind of live verification id");
          };
      // An empty binding is a binding (a code bound to no transaction), so it stays "".
      return new DestinationState(live, expires, in.readUTF(), times);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkVersion(byte version) {
    if (version != VERSION) {
      throw new IllegalStateException("unknown destination encoding version " + version);
    }
  }
}
