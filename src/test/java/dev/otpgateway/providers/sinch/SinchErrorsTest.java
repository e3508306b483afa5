package dev.otpgateway.providers.sinch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.ProviderException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which of Sinch's error answers may fail over to another provider. */
class SinchErrorsTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        // The number or message itself: no provider would take it.
        "400, syntax_invalid_parameter_format, PERMANENT",
        "400, syntax_constraint_violation,     PERMANENT",
        "400, syntax_invalid_json,             PERMANENT",
        "403, illegal_number_type,             PERMANENT",
        "400, null,                            PERMANENT",
        // Our account, credentials or configuration: another provider can carry the code.
        "401, unauthorized,                    RETRYABLE",
        "401, null,                            RETRYABLE",
        "403, blocked_account,                 RETRYABLE",
        "403, unknown_group,                   RETRYABLE",
        "403, unknown_campaign,                RETRYABLE",
        "403, missing_callback_url,            RETRYABLE",
        "404, null,                            RETRYABLE",
        "415, null,                            RETRYABLE",
        // Sinch's health or throttling.
        "429, null,                            RETRYABLE",
        "500, null,                            RETRYABLE",
        "503, null,                            RETRYABLE",
      })
  void classifies(int status, String code, FailureKind expected) {
    Buffer body =
        code == null
            ? Buffer.buffer()
            : Buffer.buffer("{\"code\":\"" + code + "\",\"text\":\"some text\"}");

    ProviderException e = SinchErrors.fromResponse(status, body);

    assertThat(e.kind()).isEqualTo(expected);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.provider()).isEqualTo("sinch");
    assertThat(e.reason()).isEqualTo("http_" + status + (code == null ? "" : "_" + code));
  }

  @Test
  void the_message_names_the_code_never_the_text() {
    // Sinch's text can quote the request, which holds the one-time code.
    ProviderException e =
        SinchErrors.fromResponse(
            400,
            Buffer.buffer(
                "{\"code\":\"syntax_constraint_violation\","
                    + "\"text\":\"body 'Your code is 123456' is too long\"}"));

    assertThat(e.getMessage()).contains("syntax_constraint_violation").doesNotContain("123456");
  }

  @Test
  void a_body_that_is_not_sinch_json_is_classified_by_status() {
    ProviderException e = SinchErrors.fromResponse(502, Buffer.buffer("<html>Bad Gateway</html>"));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.reason()).isEqualTo("http_502");
  }
}
