package dev.otpgateway.routing;

/**
 * What routing knows about whether the handset takes RCS. Kept apart from a plain yes or no because
 * a decision's record must not say a handset cannot take RCS when nobody found out: the RBM check
 * timed out, failed, or was not made while RBM's breaker was open, or the gateway has no RBM
 * adapter to ask.
 */
public enum RcsCapability {
  /** RBM said the handset takes RCS. */
  CAPABLE,
  /** RBM said it does not, or routing had no reason to ask (RCS could not be chosen anyway). */
  NOT_CAPABLE,
  /** RBM was asked and gave no answer. */
  UNANSWERED,
  /** The gateway has no RBM adapter, so there was nobody to ask. */
  NO_ADAPTER;

  /** An answered check. */
  public static RcsCapability answered(boolean capable) {
    return capable ? CAPABLE : NOT_CAPABLE;
  }
}
