package dev.otpgateway.providers;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * A provider that carries RCS: it can say whether a handset takes RCS, and take back a message that
 * was not delivered in time so the person does not get the code twice.
 */
public interface RcsProvider extends Provider {

  /** Whether the handset at this E.164 number can receive RCS from our agent now. */
  Future<Boolean> isRcsCapable(String e164);

  /**
   * What {@link #isRcsCapable} would answer without asking the provider, from the answers this
   * member remembers; empty when it would ask.
   */
  Optional<Boolean> knownCapability(String e164);

  /**
   * Takes back a message that was not delivered in time, so an SMS fallback does not give the
   * person the code twice.
   *
   * @return true when it was revoked before delivery; false when it had been delivered already
   */
  Future<Boolean> revoke(OutboundMessage message);
}
