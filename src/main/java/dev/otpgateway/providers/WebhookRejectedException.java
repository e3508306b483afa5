package dev.otpgateway.providers;

/**
 * A webhook that must change nothing: 401 when it carries no usable signature, 403 when the
 * signature is wrong, expired or replayed.
 */
public final class WebhookRejectedException extends RuntimeException {
  private final int status;

  public WebhookRejectedException(int status, String message) {
    super(message, null, false, false);
    if (status != 401 && status != 403) {
      throw new IllegalArgumentException("status must be 401 or 403, but was " + status);
    }
    this.status = status;
  }

  public static WebhookRejectedException unsigned(String message) {
    return new WebhookRejectedException(401, message);
  }

  public static WebhookRejectedException forged(String message) {
    return new WebhookRejectedException(403, message);
  }

  public int status() {
    return status;
  }
}
