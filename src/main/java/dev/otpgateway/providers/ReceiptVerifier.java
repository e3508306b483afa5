package dev.otpgateway.providers;

import java.util.List;
import java.util.Optional;

/**
 * Checks a provider's signature on a delivery-receipt webhook and reads the receipts it carries.
 * Verification is pure (no I/O), so it can run on the event loop and be tested against published
 * vectors.
 */
public interface ReceiptVerifier {

  /**
   * @return the receipts in the request, which may be none (an event we don't track)
   * @throws WebhookRejectedException when the signature is missing, wrong, expired or unusable
   */
  List<DeliveryReceipt> verify(WebhookRequest request);

  /**
   * A provider's one-off check of its webhook endpoint (RBM's handshake), which is not a receipt.
   *
   * @return the plain-text answer the provider expects, or empty when the request is no such check
   * @throws WebhookRejectedException when it is such a check, but not meant for us
   */
  default Optional<String> challengeAnswer(WebhookRequest request) {
    return Optional.empty();
  }
}
