package dev.otpgateway.providers;

import io.vertx.core.Future;

/**
 * A messaging provider the gateway sends codes through. Every adapter answers on the caller's event
 * loop, never blocks it, bounds every call with a timeout, and fails with a {@link
 * ProviderException} that says whether failing over to another provider is safe.
 */
public interface Provider {

  /**
   * The name routing rules use: {@code twilio}, {@code sinch}, {@code messagebird}, {@code rbm}.
   */
  String name();

  /** Hands the message to the provider; succeeds once the provider has accepted it. */
  Future<Accepted> send(OutboundMessage message);

  /**
   * Looks a message up by our reference after an {@link FailureKind#AMBIGUOUS} failure, before
   * anything is sent again. Succeeds with the accepted message when the provider has it, fails with
   * a {@link ProviderException} of kind RETRYABLE when it has not. Providers that cannot look a
   * message up by our reference fail with kind AMBIGUOUS.
   */
  Future<Accepted> lookup(OutboundMessage message);

  /**
   * Whether {@link #probe} asks the provider something cheap (a one-item listing) that says whether
   * its API is back. Without one, a half-open breaker lets one real message through as its trial.
   */
  default boolean probes() {
    return false;
  }

  /**
   * A cheap authenticated request that sends nothing and costs nothing: succeeds when the API
   * answers normally, fails with a {@link ProviderException} when it does not. A half-open breaker
   * calls it on its own, so a provider that recovered is used again without waiting for traffic.
   */
  default Future<Void> probe() {
    return Future.failedFuture(new UnsupportedOperationException(name() + " has no probe"));
  }

  /** Verifies and reads this provider's delivery receipts. */
  ReceiptVerifier receipts();

  /**
   * Whether this provider's receipts name our reference. When they can't (RBM only echoes its
   * message id, which must be a UUID), the gateway keeps an index from message id to reference.
   */
  default boolean receiptsNameReference() {
    return true;
  }

  /** Releases what the adapter holds (executors, pools). */
  default void close() {}
}
