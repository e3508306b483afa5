package dev.otpgateway.cluster;

import dev.otpgateway.events.Sha256;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numbers' destination states held many to a Hazelcast record: a number's state lives in one of the
 * cluster's buckets ({@link #PER_MEMBER} for each member it expects), picked by a digest of its
 * tenant and number, next to the others there.
 *
 * <p>Why: a number's rate window is kept for an hour after its last send, six times as long as a
 * verification, so in steady state these states are most of a member's heap. As a record of its
 * own, a number cost about 216 bytes, of which its state was 38 and the rest Hazelcast's key, value
 * and per-record objects; in a bucket it costs its state and its 18-byte heading, and the bucket's
 * own overhead is shared. The price is that a step on one number reads and rewrites its bucket:
 * with the hour's numbers of members taking 250 starts/s each (900,000 a member) a bucket holds
 * about 110 numbers, some 5 KB, copied a few times per start (microseconds). Buckets go to
 * partitions like any key, so the load still spreads over the cluster; their count grows with the
 * cluster, so a bucket's size follows what each member takes, not the cluster's total.
 *
 * <p>A bucket's bytes: a version byte, the earliest end of its numbers (so the sweep finds buckets
 * with something to remove from their front), then per number its 128-bit digest, the length of its
 * state and the state as {@link DestinationState} stores it.
 */
final class DestinationBucket {
  /**
   * Buckets per member the cluster expects. The count must be the same on every member, since it
   * decides where a number's state is: the first member to start records it for the others ({@link
   * HazelcastDestinationStore#agreedBuckets}), and changing it needs a restart of the whole
   * cluster, which loses the rate windows (they start empty).
   */
  static final int PER_MEMBER = 8_192;

  private static final byte VERSION = 2;
  private static final int MIN_END_AT = 1;
  private static final int ENTRIES_AT = 9;
  private static final int HEADING = 18;

  private DestinationBucket() {}

  /**
   * A tenant's number as the buckets know it: 128 bits of the SHA-256 of the tenant and the number.
   * Two numbers share a digest with a chance of about 2^-128 per pair, and no one can make them: a
   * shared digest would let one number's start answer with the other's live code.
   */
  record Number(long high, long low) implements Serializable {
    static Number of(String tenantId, String e164) {
      MessageDigest sha256 = Sha256.digest();
      // The tenant's length first, so no tenant and number run together into another pair.
      byte[] tenant = tenantId.getBytes(StandardCharsets.UTF_8);
      sha256.update(ByteBuffer.allocate(4).putInt(tenant.length).array());
      sha256.update(tenant);
      ByteBuffer digest = ByteBuffer.wrap(sha256.digest(e164.getBytes(StandardCharsets.UTF_8)));
      return new Number(digest.getLong(), digest.getLong());
    }

    /** The bucket, of {@code buckets}, this number's state is kept in: the key of its record. */
    int bucket(int buckets) {
      return (int) Long.remainderUnsigned(low, buckets);
    }
  }

  /** The stored state of {@code number} in {@code bucket}, or null when it holds none. */
  static byte[] find(byte[] bucket, Number number) {
    if (bucket == null) {
      return null;
    }
    ByteBuffer in = read(bucket);
    for (int at = ENTRIES_AT; at < bucket.length; at = next(in, at)) {
      if (in.getLong(at) == number.high() && in.getLong(at + 8) == number.low()) {
        int length = Short.toUnsignedInt(in.getShort(at + 16));
        byte[] state = new byte[length];
        System.arraycopy(bucket, at + HEADING, state, 0, length);
        return state;
      }
    }
    return null;
  }

  /**
   * The bucket with {@code number}'s state set to {@code state} (or taken out when null; no number
   * is touched when {@code number} is null), and without the other numbers that ended by {@code
   * now}, whose bytes are otherwise copied as they are. Null when nothing is left.
   */
  static byte[] with(byte[] bucket, Number number, byte[] state, long now, long windowMillis) {
    Builder out =
        new Builder(
            windowMillis, (bucket == null ? ENTRIES_AT : bucket.length) + HEADING + length(state));
    if (bucket != null) {
      ByteBuffer in = read(bucket);
      for (int at = ENTRIES_AT; at < bucket.length; at = next(in, at)) {
        boolean same =
            number != null && in.getLong(at) == number.high() && in.getLong(at + 8) == number.low();
        if (!same && endOf(bucket, at, windowMillis) > now) {
          out.copy(bucket, at, next(in, at));
        }
      }
    }
    if (state != null) {
      out.add(number, state);
    }
    return out.bytes();
  }

  /** The bucket without its numbers that ended by {@code now}, or null when none is left. */
  static byte[] withoutEnded(byte[] bucket, long now, long windowMillis) {
    return with(bucket, null, null, now, windowMillis);
  }

  /** How many numbers the bucket holds. */
  static int size(byte[] bucket) {
    if (bucket == null) {
      return 0;
    }
    ByteBuffer in = read(bucket);
    int n = 0;
    for (int at = ENTRIES_AT; at < bucket.length; at = next(in, at)) {
      n++;
    }
    return n;
  }

  /** The earliest time one of the bucket's numbers ends, read from its front. */
  static long earliestEnd(byte[] bucket) {
    return read(bucket).getLong(MIN_END_AT);
  }

  /** Every number in the bucket with its stored state, in their order. */
  static Map<Number, byte[]> entries(byte[] bucket) {
    Map<Number, byte[]> entries = new LinkedHashMap<>();
    ByteBuffer in = read(bucket);
    for (int at = ENTRIES_AT; at < bucket.length; at = next(in, at)) {
      int from = at + HEADING;
      entries.put(
          new Number(in.getLong(at), in.getLong(at + 8)),
          Arrays.copyOfRange(bucket, from, next(in, at)));
    }
    return entries;
  }

  /** A bucket holding these numbers' stored states; null when there are none. */
  static byte[] of(Map<Number, byte[]> entries, long windowMillis) {
    Builder out = new Builder(windowMillis, 256);
    entries.forEach(out::add);
    return out.bytes();
  }

  private static int length(byte[] state) {
    return state == null ? 0 : state.length;
  }

  private static ByteBuffer read(byte[] bucket) {
    if (bucket[0] != VERSION) {
      throw new IllegalStateException("unknown destination bucket version " + bucket[0]);
    }
    return ByteBuffer.wrap(bucket);
  }

  private static int next(ByteBuffer in, int at) {
    return at + HEADING + Short.toUnsignedInt(in.getShort(at + 16));
  }

  private static long endOf(byte[] bucket, int at, long windowMillis) {
    return DestinationState.keepUntil(bucket, at + HEADING, windowMillis);
  }

  /** Writes a bucket entry by entry, keeping the earliest end for its front. */
  private static final class Builder {
    private final long windowMillis;
    private ByteBuffer out;
    private long earliestEnd = Long.MAX_VALUE;
    private boolean empty = true;

    Builder(long windowMillis, int capacity) {
      this.windowMillis = windowMillis;
      out = ByteBuffer.allocate(capacity).put(VERSION).putLong(0);
    }

    void add(Number number, byte[] state) {
      if (state.length > 0xffff) {
        throw new IllegalArgumentException("a destination state of " + state.length + " bytes");
      }
      room(HEADING + state.length);
      int at = out.position();
      out.putLong(number.high()).putLong(number.low()).putShort((short) state.length).put(state);
      noteEnd(out.array(), at);
    }

    void copy(byte[] bucket, int from, int to) {
      room(to - from);
      int at = out.position();
      out.put(bucket, from, to - from);
      noteEnd(out.array(), at);
    }

    private void noteEnd(byte[] bytes, int at) {
      earliestEnd = Math.min(earliestEnd, endOf(bytes, at, windowMillis));
      empty = false;
    }

    private void room(int more) {
      if (out.remaining() < more) {
        ByteBuffer bigger =
            ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + more));
        out.flip();
        out = bigger.put(out);
      }
    }

    byte[] bytes() {
      if (empty) {
        return null;
      }
      byte[] bytes = new byte[out.position()];
      System.arraycopy(out.array(), 0, bytes, 0, bytes.length);
      ByteBuffer.wrap(bytes).putLong(MIN_END_AT, earliestEnd);
      return bytes;
    }
  }
}
