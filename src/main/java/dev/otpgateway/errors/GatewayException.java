package dev.otpgateway.errors;

import java.util.Map;

/**
 * A request the gateway refuses or cannot complete, said once in domain terms. The API's one
 * failure handler turns it into RFC 9457 problem+json; nothing else renders errors.
 */
public final class GatewayException extends RuntimeException {
  private final Kind kind;
  private final String code;
  private final Map<String, String> fieldErrors;
  private final Map<String, Object> extensions;
  private final long retryAfterSeconds;

  /** What went wrong, which fixes the HTTP status. */
  public enum Kind {
    INVALID(400),
    UNAUTHENTICATED(401),
    PAYMENT_REQUIRED(402),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    GONE(410),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNPROCESSABLE(422),
    RATE_LIMITED(429),
    INTERNAL(500),
    UPSTREAM_FAILED(502),
    UNAVAILABLE(503);

    public final int status;

    Kind(int status) {
      this.status = status;
    }
  }

  private GatewayException(
      Kind kind,
      String code,
      String detail,
      Map<String, String> fieldErrors,
      Map<String, Object> extensions,
      long retryAfterSeconds) {
    super(detail, null, false, false);
    this.kind = kind;
    this.code = code;
    this.fieldErrors = Map.copyOf(fieldErrors);
    this.extensions = Map.copyOf(extensions);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * @param code a stable slug that names the problem type, e.g. {@code consent_required}
   */
  public static GatewayException of(Kind kind, String code, String detail) {
    return new GatewayException(kind, code, detail, Map.of(), Map.of(), 0);
  }

  /** A request with invalid fields; every field's problem is named. */
  public static GatewayException invalid(String detail, Map<String, String> fieldErrors) {
    return new GatewayException(
        Kind.INVALID, "validation_failed", detail, fieldErrors, Map.of(), 0);
  }

  public static GatewayException notFound(String detail) {
    return of(Kind.NOT_FOUND, "not_found", detail);
  }

  public static GatewayException rateLimited(String code, String detail, long retryAfterSeconds) {
    return new GatewayException(
        Kind.RATE_LIMITED, code, detail, Map.of(), Map.of(), Math.max(1, retryAfterSeconds));
  }

  /** 503: the gateway cannot take this now; the client may retry after a while. */
  public static GatewayException unavailable(String code, String detail, long retryAfterSeconds) {
    return new GatewayException(
        Kind.UNAVAILABLE, code, detail, Map.of(), Map.of(), Math.max(1, retryAfterSeconds));
  }

  /** The same problem with members a client can act on, e.g. {@code attempts_left}. */
  public GatewayException with(Map<String, Object> moreExtensions) {
    return new GatewayException(
        kind, code, getMessage(), fieldErrors, moreExtensions, retryAfterSeconds);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, String> fieldErrors() {
    return fieldErrors;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }

  /** Seconds a client should wait, for RATE_LIMITED and UNAVAILABLE; 0 otherwise. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
