package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import dev.otpgateway.verification.DestinationStore.Reservation;
import dev.otpgateway.verification.DestinationStore.ReservationRequest;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

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
      store(entry, state, r.now());
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
      store(entry, state.withLive(newId, expiresAt, binding), now);
      return true;
    }
  }

  private static void store(Map.Entry<String, byte[]> entry, DestinationState state, long now) {
    long ttl = Math.max(1, state.keepUntil(RATE_WINDOW_MILLIS) - now);
    ((ExtendedMapEntry<String, byte[]>) entry).setValue(state.encode(), ttl, TimeUnit.MILLISECONDS);
  }
}
