package dev.otpgateway.providers.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.twilio.exception.ApiException;
import dev.otpgateway.providers.FailureClassifier;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.ProviderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Classifies what the Twilio SDK throws. The SDK raises {@code ApiException} both for Twilio's
 * error responses (with the JSON body's {@code status} and {@code code}) and, wrapping the {@code
 * IOException}, for calls that got no response; {@code ApiConnectionException} when a body could
 * not be read. Messages of SDK exceptions can quote response bodies, so none is ever copied into a
 * {@link ProviderException}: only codes, statuses and exception class names.
 *
 * <p>Codes and their titles are from Twilio's error and warning dictionary ({@code
 * https://www.twilio.com/docs/api/errors}, one page per code).
 */
final class TwilioFailures {

  /**
   * The number or the message itself can never be delivered this way: another provider would only
   * spend money on the same refusal.
   */
  static final Set<Integer> PERMANENT_CODES =
      Set.of(
          21211, // Invalid 'To' Phone Number
          21265, // 'To' number cannot be a Short Code
          21268, // Sending to Premium rate or Information Service numbers is not allowed
          21602, // Message body is required
          21604, // The destination 'To' phone number is required to send an SMS
          21610, // Attempt to send to unsubscribed recipient (replied STOP)
          21614, // 'To' number is not a valid mobile number
          21617, // The concatenated message body exceeds the 1600 character limit
          21619, // A Message Body, Media URL or Content SID is required
          21635, // 'To' number cannot be a landline
          21658); // Parameter exceeded character limit

  /**
   * Caused by our account, credentials, sender or route, by throttling, or by Twilio's health,
   * whatever the HTTP status says: another provider, with its own sender and routes, can take the
   * message.
   */
  static final Set<Integer> ACCOUNT_CODES =
      Set.of(
          20003, // Permission Denied ("Authenticate"): wrong credentials, suspended account
          20005, // Account not active
          20008, // Test Credentials
          20404, // Not Found: a wrong Account SID in the path
          20429, // Too many requests
          20500, // Internal Server Error
          20503, // Service unavailable
          20504, // Twilio Internal Error
          21212, // Invalid 'From' Number
          21267, // Alphanumeric Sender ID cannot be used as the 'From' number on trial accounts
          21408, // Message blocked: permissions disabled for the destination region
          21603, // A 'From' or 'MessagingServiceSid' parameter is required
          21606, // 'From' number is not a valid message-capable Twilio number for this account
          21611, // This 'From' number has exceeded the maximum number of queued messages
          21612, // Cannot be sent with the current combination of 'To' and 'From': a route
          21657, // The Sender ID is invalid
          21659, // 'From' is not a Twilio phone number or Short Code country mismatch
          21660, // Mismatch between the 'From' number and the account
          21661); // 'From' number is not SMS-capable

  private TwilioFailures() {}

  static ProviderException classify(Throwable failure) {
    if (failure instanceof ProviderException classified) {
      return classified;
    }
    if (failure instanceof ApiException api && api.getStatusCode() != null) {
      return fromResponse(api.getStatusCode(), api.getCode());
    }
    return fromNoResponse(failure);
  }

  /** A Twilio error response: its HTTP status and Twilio error code. */
  static ProviderException fromResponse(int status, Integer code) {
    String codeText = code == null ? null : code.toString();
    String detail = code == null ? "no Twilio error code" : "Twilio error " + code;
    if (code != null && ACCOUNT_CODES.contains(code) && !PERMANENT_CODES.contains(code)) {
      return new ProviderException(
          TwilioProvider.NAME,
          FailureKind.RETRYABLE,
          status,
          "http_" + status + "_" + code,
          "HTTP " + status + ": " + detail);
    }
    return FailureClassifier.fromStatus(
        TwilioProvider.NAME,
        status,
        codeText,
        detail,
        code != null && PERMANENT_CODES.contains(code));
  }

  private static ProviderException fromNoResponse(Throwable failure) {
    Throwable cause = failure;
    while (cause != null) {
      if (cause instanceof ConnectionRequestTimeoutException) {
        // Every pooled connection stayed busy: the request never left.
        return ProviderException.ownLimit(
            TwilioProvider.NAME, "pool_exhausted", "no free connection to Twilio in time");
      }
      if (cause instanceof ConnectTimeoutException || cause instanceof SSLHandshakeException) {
        // Connect or TLS handshake: nothing of the request was written.
        return new ProviderException(
            TwilioProvider.NAME,
            FailureKind.RETRYABLE,
            0,
            "connect_timeout",
            "could not connect: " + cause.getClass().getSimpleName());
      }
      if (cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof UnknownHostException) {
        return FailureClassifier.fromThrowable(TwilioProvider.NAME, bare(cause));
      }
      if (cause instanceof SocketTimeoutException) {
        return new ProviderException(
            TwilioProvider.NAME,
            FailureKind.AMBIGUOUS,
            0,
            "timeout",
            "no response in time after the request was sent");
      }
      if (cause instanceof NoHttpResponseException) {
        return new ProviderException(
            TwilioProvider.NAME,
            FailureKind.AMBIGUOUS,
            0,
            "connection_closed",
            "the connection closed before a response");
      }
      if (cause instanceof JsonProcessingException) {
        return new ProviderException(
            TwilioProvider.NAME,
            FailureKind.AMBIGUOUS,
            0,
            "unreadable_response",
            "Twilio answered with a body the SDK could not read");
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    Throwable root = rootOf(failure);
    return new ProviderException(
        TwilioProvider.NAME,
        FailureKind.AMBIGUOUS,
        0,
        root instanceof IOException ? "io_error" : "sdk_error",
        root.getClass().getSimpleName());
  }

  /** The same kind of failure without its message, which can name hosts and ports only. */
  private static Throwable bare(Throwable cause) {
    if (cause instanceof UnknownHostException) {
      return new UnknownHostException();
    }
    if (cause instanceof NoRouteToHostException) {
      return new NoRouteToHostException();
    }
    return new ConnectException();
  }

  private static Throwable rootOf(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
