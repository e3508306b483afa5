package dev.otpgateway.verification;

import io.vertx.core.Future;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;

/**
 * Per tenant and number: the sliding window of sends (the per-destination rate limit) and the live
 * verification a new start should resend instead of creating another. One atomic step decides both,
 * so concurrent starts for one number cannot both create a verification or slip past the limit.
 */
public interface DestinationStore {
  /**
   * The window the per-destination limit ({@code per_destination_per_hour}) counts sends over; a
   * destination's state is kept this long after its last send.
   */
  long RATE_WINDOW_MILLIS = TimeUnit.HOURS.toMillis(1);

  Future<Reservation> reserve(String tenantId, String e164, ReservationRequest request);

  /**
   * Makes {@code newId} the live verification in place of {@code oldId}, which ended; the send was
   * already counted by {@link #reserve}.
   */
  Future<Void> supersede(
      String tenantId, String e164, String oldId, String newId, long expiresAt, String binding);

  /**
   * Removes the numbers whose state this member owns that ended: their rate window is empty and
   * their live code dead. States are kept without a time-to-live, so this is how they leave ({@link
   * DestinationSweeper}). Blocking: it scans the member's records.
   *
   * @return how many numbers' states it removed
   */
  int removeEndedLocally();

  /**
   * @param newId the id to use when a new verification is needed
   * @param binding what the code is bound to (a transaction), so a start for another payment is
   *     never answered with the code for the first
   */
  record ReservationRequest(String newId, long now, long expiresAt, String binding, int limit)
      implements Serializable {}

  /** The decision: create a verification, resend a live one, or wait. */
  record Reservation(Kind kind, String verificationId, long retryAfterMillis)
      implements Serializable {
    public enum Kind {
      CREATE,
      RESEND,
      RATE_LIMITED
    }
  }
}
