package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;

import com.hazelcast.map.EntryProcessor;
import dev.otpgateway.cluster.DestinationBucket.Number;
import dev.otpgateway.verification.DestinationStore.Reservation;
import dev.otpgateway.verification.DestinationStore.ReservationRequest;
import java.util.Map;
import java.util.Objects;

/**
 * The atomic steps on a number's destination state, run on the member that owns its bucket. Each
 * rewrites the bucket, leaving out the other numbers there that ended.
 */
final class DestinationProcessors {
  private DestinationProcessors() {}

  /** Counts a send against the window, then resends the live verification or makes a new one. */
  record Reserve(Number number, ReservationRequest request)
      implements EntryProcessor<Integer, byte[], byte[]> {
    /** The reservation, as {@link ResultCodec} encodes it. */
    @Override
    public byte[] process(Map.Entry<Integer, byte[]> entry) {
      ReservationRequest r = request;
      DestinationState state = stateOf(entry, number).pruned(r.now(), RATE_WINDOW_MILLIS);
      if (state.sendTimes().length >= r.limit()) {
        long retryAfter = state.oldestSend() + RATE_WINDOW_MILLIS - r.now();
        return ResultCodec.reservation(
            new Reservation(Reservation.Kind.RATE_LIMITED, null, Math.max(1, retryAfter)));
      }
      state = state.withSend(r.now());
      Reservation reservation;
      if (state.liveId() != null && Objects.equals(state.binding(), r.binding())) {
        reservation = new Reservation(Reservation.Kind.RESEND, state.liveId(), 0);
      } else {
        state = state.withLive(r.newId(), r.expiresAt(), r.binding());
        reservation = new Reservation(Reservation.Kind.CREATE, r.newId(), 0);
      }
      store(entry, number, state, r.now());
      return ResultCodec.reservation(reservation);
    }
  }

  /** Replaces a live verification that ended with a new one, without counting another send. */
  record Supersede(
      Number number, String oldId, String newId, long expiresAt, String binding, long now)
      implements EntryProcessor<Integer, byte[], Boolean> {
    @Override
    public Boolean process(Map.Entry<Integer, byte[]> entry) {
      DestinationState state = stateOf(entry, number).pruned(now, RATE_WINDOW_MILLIS);
      if (state.liveId() != null && !state.liveId().equals(oldId)) {
        return false;
      }
      store(entry, number, state.withLive(newId, expiresAt, binding), now);
      return true;
    }
  }

  /**
   * Takes out of a bucket the numbers that ended by {@code now}: their rate window is empty and
   * their code dead. Checked here, on the owner under the key's lock, since a send may have been
   * counted after the sweep's scan found the bucket due. Runs on the backups as well, so they drop
   * them too.
   *
   * @return how many numbers it took out
   */
  record EndIfOver(long now) implements EntryProcessor<Integer, byte[], Integer> {
    @Override
    public Integer process(Map.Entry<Integer, byte[]> entry) {
      byte[] bucket = entry.getValue();
      if (bucket == null || DestinationBucket.earliestEnd(bucket) > now) {
        return 0;
      }
      byte[] left = DestinationBucket.withoutEnded(bucket, now, RATE_WINDOW_MILLIS);
      entry.setValue(left);
      return DestinationBucket.size(bucket) - DestinationBucket.size(left);
    }
  }

  private static DestinationState stateOf(Map.Entry<Integer, byte[]> entry, Number number) {
    return DestinationState.decode(DestinationBucket.find(entry.getValue(), number));
  }

  /**
   * No time-to-live: Hazelcast keeps one more object and a map node per record with one, and scans
   * them all in the background; the owner's sweep takes numbers out once they ended ({@link
   * HazelcastDestinationStore#removeEndedLocally}), and each step here drops those of its bucket.
   */
  private static void store(
      Map.Entry<Integer, byte[]> entry, Number number, DestinationState state, long now) {
    entry.setValue(
        DestinationBucket.with(entry.getValue(), number, state.encode(), now, RATE_WINDOW_MILLIS));
  }
}
