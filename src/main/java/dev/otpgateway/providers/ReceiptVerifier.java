package dev.otpgateway.providers;

import java.util.List;

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
}
