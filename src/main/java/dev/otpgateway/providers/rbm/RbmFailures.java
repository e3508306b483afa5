package dev.otpgateway.providers.rbm;

import dev.otpgateway.providers.FailureClassifier;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.ProviderException;

/**
 * Classifies RBM's error answers. Generic HTTP rules come from {@link FailureClassifier}; what is
 * RBM's own is here. Messages hold the HTTP status and Google's code name only: Google's free-text
 * message can quote the request, and the request holds the code.
 */
final class RbmFailures {
  static final String NOT_RCS_CAPABLE = "not_rcs_capable";

  private RbmFailures() {}

  /** A failed send. */
  static ProviderException ofSend(GoogleApiError error) {
    if (error.code() == 404) {
      // RBM answers 404 NOT_FOUND when the handset cannot take RCS: RCS off or unsupported, or a
      // network our agent is not launched on (phones.agentMessages.create; "Send messages" guide).
      // The number is fine for SMS, so this must not be PERMANENT, which would stop the failover
      // to SMS that exists for exactly this handset; RETRYABLE moves on to the next candidate.
      return new ProviderException(
          RbmProvider.NAME,
          FailureKind.RETRYABLE,
          404,
          NOT_RCS_CAPABLE,
          "HTTP 404: NOT_FOUND (the handset is not reachable over RCS)");
    }
    return ofCall(error);
  }

  /** A failed capability check or revoke, or a send failure with no RBM-specific meaning. */
  static ProviderException ofCall(GoogleApiError error) {
    int status = error.code();
    if (status == 400 && error.status() != null && !"INVALID_ARGUMENT".equals(error.status())) {
      // FAILED_PRECONDITION and OUT_OF_RANGE also map to 400, but speak of our agent's state, not
      // of the number or the text: another provider can still take the message.
      return new ProviderException(
          RbmProvider.NAME,
          FailureKind.RETRYABLE,
          status,
          "http_400_" + error.status(),
          "HTTP 400: " + error.status());
    }
    String code = error.status();
    return FailureClassifier.fromStatus(
        RbmProvider.NAME, status, code, code == null ? "no Google error body" : code, false);
  }
}
