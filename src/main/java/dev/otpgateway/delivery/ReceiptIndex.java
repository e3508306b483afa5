package dev.otpgateway.delivery;

import io.vertx.core.Future;

/**
 * Our reference by a provider's message id, for providers whose receipts can't name the reference
 * (see {@link dev.otpgateway.providers.Provider#receiptsNameReference()}).
 */
public interface ReceiptIndex {

  Future<Void> remember(
      String provider, String providerMessageId, String reference, long keepUntilMillis);

  /** The reference, or null when the message id is unknown (or forgotten). */
  Future<String> reference(String provider, String providerMessageId);
}
