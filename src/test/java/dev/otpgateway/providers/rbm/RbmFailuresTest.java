package dev.otpgateway.providers.rbm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.ProviderException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RbmFailuresTest {

  @ParameterizedTest(name = "send: {0} {1} -> {2} {3}")
  @CsvSource({
    "404, NOT_FOUND, RETRYABLE, not_rcs_capable",
    "400, INVALID_ARGUMENT, PERMANENT, http_400_INVALID_ARGUMENT",
    "400, FAILED_PRECONDITION, RETRYABLE, http_400_FAILED_PRECONDITION",
    "401, UNAUTHENTICATED, RETRYABLE, http_401_UNAUTHENTICATED",
    "403, PERMISSION_DENIED, RETRYABLE, http_403_PERMISSION_DENIED",
    "429, RESOURCE_EXHAUSTED, RETRYABLE, http_429_RESOURCE_EXHAUSTED",
    "500, INTERNAL, RETRYABLE, http_500_INTERNAL",
    "503, UNAVAILABLE, RETRYABLE, http_503_UNAVAILABLE",
    "504, DEADLINE_EXCEEDED, RETRYABLE, http_504_DEADLINE_EXCEEDED"
  })
  void classifies_rbm_send_errors(int status, String code, FailureKind kind, String reason) {
    GoogleApiError error = GoogleApiError.read(status, googleError(status, "Failure.", code));
    assertThat(error.status()).isEqualTo(code);

    ProviderException e = RbmFailures.ofSend(error);

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.provider()).isEqualTo("rbm");
  }

  @Test
  void a_body_that_is_not_googles_still_classifies_by_status() {
    GoogleApiError error = GoogleApiError.read(502, Buffer.buffer("<html>Bad Gateway</html>"));

    ProviderException e = RbmFailures.ofSend(error);

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.reason()).isEqualTo("http_502");
  }

  @Test
  void googles_free_text_never_reaches_the_exception() {
    String quoted = "Invalid value at 'agent_message.content_message.text' (Your code is 123456)";
    GoogleApiError error = GoogleApiError.read(400, googleError(400, quoted, "INVALID_ARGUMENT"));

    ProviderException e = RbmFailures.ofSend(error);

    assertThat(e.getMessage()).doesNotContain("123456").contains("INVALID_ARGUMENT");
  }

  @Test
  void reads_googles_error_body() {
    Buffer body =
        Buffer.buffer(
            "{\"error\": {\"code\": 404, \"message\": \"Requested entity was not found.\","
                + " \"status\": \"NOT_FOUND\"}}");

    assertThat(GoogleApiError.read(404, body))
        .isEqualTo(new GoogleApiError(404, "Requested entity was not found.", "NOT_FOUND"));
  }

  /** Google's error body (API design guide, "Errors"). */
  private static Buffer googleError(int status, String message, String code) {
    return new JsonObject()
        .put(
            "error",
            new JsonObject().put("code", status).put("message", message).put("status", code))
        .toBuffer();
  }
}
