package dev.otpgateway.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Per tenant and number: the live verification, what its code is bound to, and the times of the
 * sends inside the rate window. Stored as a few dozen bytes.
 */
record DestinationState(String liveId, long liveExpiresAt, String binding, long[] sendTimes) {
  static final DestinationState EMPTY = new DestinationState(null, 0, "", new long[0]);

  /** The sends still inside the window ending now. */
  DestinationState pruned(long now, long windowMillis) {
    long cutoff = now - windowMillis;
    long[] kept = Arrays.stream(sendTimes).filter(t -> t > cutoff).toArray();
    return new DestinationState(liveId, liveExpiresAt, binding, kept);
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
    long newest = Arrays.stream(sendTimes).max().orElse(0);
    return Math.max(newest + windowMillis, liveExpiresAt);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(liveId == null ? "" : liveId);
      out.writeLong(liveExpiresAt);
      out.writeUTF(binding == null ? "" : binding);
      out.writeShort(sendTimes.length);
      for (long t : sendTimes) {
        out.writeLong(t);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static DestinationState decode(byte[] data) {
    if (data == null) {
      return EMPTY;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      String live = in.readUTF();
      long expires = in.readLong();
      String binding = in.readUTF();
      long[] times = new long[in.readShort()];
      for (int i = 0; i < times.length; i++) {
        times[i] = in.readLong();
      }
      // An empty binding is a binding (a code bound to no transaction), so it stays "".
      return new DestinationState(live.isEmpty() ? null : live, expires, binding, times);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
