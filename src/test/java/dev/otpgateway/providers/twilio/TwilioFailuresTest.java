package dev.otpgateway.providers.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.ProviderException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Twilio's error responses and the SDK's exceptions mean for failover. */
class TwilioFailuresTest {

  @ParameterizedTest(name = "HTTP {0}, code {1} → {2}")
  @CsvSource({
    // The number or the message: no other provider would do better.
    "400, 21211, PERMANENT",
    "400, 21614, PERMANENT",
    "400, 21635, PERMANENT",
    "400, 21610, PERMANENT",
    "400, 21265, PERMANENT",
    "400, 21268, PERMANENT",
    "400, 21602, PERMANENT",
    "400, 21604, PERMANENT",
    "400, 21617, PERMANENT",
    // Our account, credentials, sender or route, throttling, Twilio's health: fail over.
    "401, 20003, RETRYABLE",
    "403, 20003, RETRYABLE",
    "429, 20429, RETRYABLE",
    "400, 21408, RETRYABLE",
    "400, 21606, RETRYABLE",
    "400, 21212, RETRYABLE",
    "400, 21603, RETRYABLE",
    "400, 21612, RETRYABLE",
    "400, 21611, RETRYABLE",
    "404, 20404, RETRYABLE",
    "500, 20500, RETRYABLE",
    "503, 20503, RETRYABLE",
    // Unknown codes fall back to the status.
    "400, 29999, PERMANENT",
    "502, 29999, RETRYABLE",
  })
  void classifies_twilio_error_codes(int status, int code, FailureKind expected) {
    ProviderException e = TwilioFailures.classify(restError(status, code));

    assertThat(e.kind()).isEqualTo(expected);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.reason()).isEqualTo("http_" + status + "_" + code);
    assertThat(e.getMessage()).contains(Integer.toString(code));
  }

  @Test
  void an_error_without_a_code_is_classified_by_its_status() {
    assertThat(TwilioFailures.classify(new ApiException("Server Error, no content", 502)).kind())
        .isEqualTo(FailureKind.RETRYABLE);
    assertThat(TwilioFailures.classify(new ApiException("Server Error, no content", 400)).kind())
        .isEqualTo(FailureKind.PERMANENT);
  }

  @Test
  void nothing_written_is_retryable() {
    assertKind(
        new ApiException("connect", new HttpHostConnectException("Connection refused")),
        FailureKind.RETRYABLE,
        "connection_refused");
    assertKind(
        new ApiException("connect", new ConnectTimeoutException("Connect timed out")),
        FailureKind.RETRYABLE,
        "connect_timeout");
    assertKind(
        new ApiException("lease", new ConnectionRequestTimeoutException("pool")),
        FailureKind.RETRYABLE,
        "pool_exhausted");
    assertKind(
        new ApiException("tls", new SSLHandshakeException("handshake")),
        FailureKind.RETRYABLE,
        "connect_timeout");
    assertKind(
        new ApiException("dns", new UnknownHostException("api.twilio.com")),
        FailureKind.RETRYABLE,
        "connection_refused");
  }

  @Test
  void a_request_that_may_have_been_written_is_ambiguous() {
    assertKind(
        new ApiException("read", new SocketTimeoutException("Read timed out")),
        FailureKind.AMBIGUOUS,
        "timeout");
    assertKind(
        new ApiException("closed", new NoHttpResponseException("api.twilio.com failed to respond")),
        FailureKind.AMBIGUOUS,
        "connection_closed");
    assertKind(
        new ApiConnectionException("Unable to deserialize", new JsonParseException(null, "bad")),
        FailureKind.AMBIGUOUS,
        "unreadable_response");
    assertKind(new IllegalStateException("odd"), FailureKind.AMBIGUOUS, "sdk_error");
  }

  @Test
  void a_provider_exception_passes_through() {
    ProviderException full =
        new ProviderException("twilio", FailureKind.RETRYABLE, 0, "bulkhead_full", "busy");

    assertThat(TwilioFailures.classify(full)).isSameAs(full);
  }

  @Test
  void sdk_messages_that_quote_bodies_never_reach_the_exception() {
    String body = "{\"body\": \"Your Acme code is 123456\"}";
    ApiConnectionException sdk =
        new ApiConnectionException(
            "Unable to deserialize response: x\nJSON: " + body, new JsonParseException(null, body));

    ProviderException e = TwilioFailures.classify(sdk);

    assertThat(e.getMessage()).doesNotContain("123456");
  }

  private static void assertKind(Throwable failure, FailureKind kind, String reason) {
    ProviderException e = TwilioFailures.classify(failure);
    assertThat(e.kind()).as(failure.toString()).isEqualTo(kind);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.httpStatus()).isZero();
    // Only a pooled connection not found in time is the gateway's own limit; the rest are Twilio's.
    assertThat(e.ownLimit()).as(failure.toString()).isEqualTo(reason.equals("pool_exhausted"));
  }

  private static ApiException restError(int status, int code) {
    return new ApiException(
        "ignored: may quote the request", code, null, status, status, null, null, null);
  }
}
