package dev.otpgateway.providers;

import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * Classifies a failed provider call, by exception type first and then by HTTP status (after
 * Gravitee's ConnectionFailureClassifier). What cannot be placed is AMBIGUOUS: looking the message
 * up first costs a call, sending it twice costs the person a second code.
 */
public final class FailureClassifier {
  private FailureClassifier() {}

  /** A call that produced no HTTP response. */
  public static ProviderException fromThrowable(String provider, Throwable failure) {
    if (failure instanceof ProviderException classified) {
      return classified;
    }
    if (failure instanceof ConnectException
        || failure instanceof NoRouteToHostException
        || failure instanceof UnknownHostException) {
      // Includes Netty's ConnectTimeoutException: nothing was written.
      return new ProviderException(
          provider,
          FailureKind.RETRYABLE,
          0,
          "connection_refused",
          "could not connect: " + name(failure));
    }
    if (failure instanceof TimeoutException) {
      return new ProviderException(
          provider,
          FailureKind.AMBIGUOUS,
          0,
          "timeout",
          "no response in time after the request was sent");
    }
    if (failure instanceof HttpClosedException) {
      return new ProviderException(
          provider,
          FailureKind.AMBIGUOUS,
          0,
          "connection_closed",
          "the connection closed before a response");
    }
    return new ProviderException(provider, FailureKind.AMBIGUOUS, 0, "io_error", name(failure));
  }

  /**
   * A call that produced a non-success HTTP response.
   *
   * @param permanentCode true when the provider's own error code says the number or message can
   *     never be delivered, whatever the status
   */
  public static ProviderException fromStatus(
      String provider, int status, String providerCode, String detail, boolean permanentCode) {
    FailureKind kind;
    if (permanentCode) {
      kind = FailureKind.PERMANENT;
    } else if (status >= 500 || status == 429 || status == 408) {
      kind = FailureKind.RETRYABLE;
    } else if (status == 401 || status == 403) {
      // Our credentials are refused: the message did not go out, and another provider can take it.
      kind = FailureKind.RETRYABLE;
    } else {
      kind = FailureKind.PERMANENT;
    }
    String reason = "http_" + status + (providerCode == null ? "" : "_" + providerCode);
    return new ProviderException(provider, kind, status, reason, "HTTP " + status + ": " + detail);
  }

  private static String name(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
