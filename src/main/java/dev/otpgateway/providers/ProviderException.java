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
  private final boolean ownLimit;

  /**
   * @param reason a short machine-readable cause: {@code http_503}, {@code timeout}, {@code
   *     connection_refused}, {@code invalid_number}, ...
   */
  public ProviderException(
      String provider, FailureKind kind, int httpStatus, String reason, String message) {
    this(provider, kind, httpStatus, reason, message, false);
  }

  private ProviderException(
      String provider,
      FailureKind kind,
      int httpStatus,
      String reason,
      String message,
      boolean ownLimit) {
    super(provider + ": " + message, null, false, false);
    this.provider = provider;
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.ownLimit = ownLimit;
  }

  /**
   * The gateway's own limit for calls to this provider (a full executor, no free pooled connection)
   * refused the message before it left: RETRYABLE, and no sign of the provider's health.
   */
  public static ProviderException ownLimit(String provider, String reason, String message) {
    return new ProviderException(provider, FailureKind.RETRYABLE, 0, reason, message, true);
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

  /**
   * Whether one of the gateway's own limits refused the call before the provider saw it. A breaker
   * does not count it: a burst of traffic moved onto this provider would otherwise open its breaker
   * on every member while the provider itself is well.
   */
  public boolean ownLimit() {
    return ownLimit;
  }
}
