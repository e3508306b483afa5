package dev.otpgateway.providers;

/**
 * A provider call that failed, classified. The message is fit for a response and a log line: it
 * never holds a credential or the message body.
 */
public final class ProviderException extends RuntimeException {
  private final String provider;
  private final FailureKind kind;
  private final int httpStatus;
  private final String reason;

  /**
   * @param reason a short machine-readable cause: {@code http_503}, {@code timeout}, {@code
   *     connection_refused}, {@code invalid_number}, ...
   */
  public ProviderException(
      String provider, FailureKind kind, int httpStatus, String reason, String message) {
    super(provider + ": " + message, null, false, false);
    this.provider = provider;
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.reason = reason;
  }

  public String provider() {
    return provider;
  }

  public FailureKind kind() {
    return kind;
  }

  /** The provider's HTTP status, or 0 when no response came. */
  public int httpStatus() {
    return httpStatus;
  }

  public String reason() {
    return reason;
  }
}
