package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;

import com.hazelcast.map.EntryProcessor;
import dev.otpgateway.verification.DestinationStore.Reservation;
import dev.otpgateway.verification.DestinationStore.ReservationRequest;
import java.util.Map;
import java.util.Objects;

/** The atomic steps on a destination's state, run on the member that owns it. */
final class DestinationProcessors {
  private DestinationProcessors() {}

  /** Counts a send against the window, then resends the live verification or makes a new one. */
  record Reserve(ReservationRequest request) implements EntryProcessor<String, byte[], byte[]> {
    /** The reservation, as {@link ResultCodec} encodes it. */
    @Override
    public byte[] process(Map.Entry<String, byte[]> entry) {
      ReservationRequest r = request;
      DestinationState state =
          DestinationState.decode(entry.getValue()).pruned(r.now(), RATE_WINDOW_MILLIS);
      if (state.sendTimes().length >= r.limit()) {
        long retryAfter = state.oldestSend() + RATE_WINDOW_MILLIS - r.now();
        return ResultCodec.reservation(
            new Reservation(Reservation.Kind.RATE_LIMITED, null, Math.max(1, retryAfter)));
      }
      state = state.withSend(r.now());
      Reservation reservation;
      if (state.liveId() != null
          && state.liveExpiresAt() > r.now()
          && Objects.equals(state.binding(), r.binding())) {
        reservation = new Reservation(Reservation.Kind.RESEND, state.liveId(), 0);
      } else {
        state = state.withLive(r.newId(), r.expiresAt(), r.binding());
        reservation = new Reservation(Reservation.Kind.CREATE, r.newId(), 0);
      }
      store(entry, state);
      return ResultCodec.reservation(reservation);
    }
  }

  /** Replaces a live verification that ended with a new one, without counting another send. */
  record Supersede(String oldId, String newId, long expiresAt, String binding, long now)
      implements EntryProcessor<String, byte[], Boolean> {
    @Override
    public Boolean process(Map.Entry<String, byte[]> entry) {
      DestinationState state = DestinationState.decode(entry.getValue());
      if (state.liveId() != null && !state.liveId().equals(oldId) && state.liveExpiresAt() > now) {
        return false;
      }
      store(entry, state.withLive(newId, expiresAt, binding));
      return true;
    }
  }

  /**
   * Removes a record that ended by {@code now}: its rate window is empty and its code dead. Checked
   * again here, on the owner under the key's lock, since a send may have been counted after the
   * sweep's scan found it ended. Runs on the backups as well, so they drop it too.
   */
  record EndIfOver(long now) implements EntryProcessor<String, byte[], Boolean> {
    @Override
    public Boolean process(Map.Entry<String, byte[]> entry) {
      byte[] stored = entry.getValue();
      if (stored == null || DestinationState.keepUntil(stored, RATE_WINDOW_MILLIS) > now) {
        return false;
      }
      entry.setValue(null);
      return true;
    }
  }

  /**
   * No time-to-live: Hazelcast keeps one more object and a map node per record with one, a third of
   * a destination record's cost, and scans them all in the background; the owner's sweep removes
   * the record instead once it ended ({@link HazelcastDestinationStore#removeEndedLocally}).
   */
  private static void store(Map.Entry<String, byte[]> entry, DestinationState state) {
    entry.setValue(state.encode());
  }
}
