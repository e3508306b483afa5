package dev.otpgateway.providers.sinch;

import dev.otpgateway.providers.FailureClassifier;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.ProviderException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Reads Sinch's error responses and says what each means for failover.
 *
 * <p>Sinch answers {@code 400} and {@code 403} with {@code {"code": "...", "text": "..."}}
 * (developers.sinch.com/docs/sms/api-reference/status-codes; sinch-sdk-java
 * openapi-contracts/src/test/resources/domains/sms/v1/error-response.json). The 400 codes ({@code
 * syntax_invalid_json}, {@code syntax_invalid_parameter_format} for a malformed MSISDN, {@code
 * syntax_constraint_violation} for a missing or out-of-range field) describe the message itself: no
 * provider would take it. Of the 403 codes only {@code illegal_number_type} is about the number;
 * the others ({@code blocked_account}, {@code unknown_group}, {@code unknown_campaign}, {@code
 * missing_callback_url}) are about our account, so another provider can carry the code.
 */
final class SinchErrors {
  static final String PROVIDER = "sinch";

  /** Codes that say the number or the message can never be delivered, whatever the status. */
  private static final Set<String> PERMANENT_CODES =
      Set.of(
          "syntax_invalid_parameter_format",
          "syntax_constraint_violation",
          "syntax_invalid_json",
          "illegal_number_type");

  private SinchErrors() {}

  /**
   * Classifies a non-success response. The exception names Sinch's code, never its text: the text
   * may quote the request, and the request holds the code we are sending.
   */
  static ProviderException fromResponse(int status, Buffer body) {
    String code = errorCode(body);
    if (status == 404 || status == 405 || status == 415) {
      // Our path, plan id or content type is wrong: a configuration fault, not the number's.
      return new ProviderException(
          PROVIDER,
          FailureKind.RETRYABLE,
          status,
          "http_" + status + (code == null ? "" : "_" + code),
          "HTTP " + status + ": " + (code == null ? "request refused" : code));
    }
    boolean permanent = code != null && PERMANENT_CODES.contains(code);
    return FailureClassifier.fromStatus(
        PROVIDER, status, code, code == null ? "no error code" : code, permanent);
  }

  private static String errorCode(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      Object code = new JsonObject(body).getValue("code");
      return code instanceof String s && s.matches("[a-z_]{1,64}") ? s : null;
    } catch (RuntimeException notJson) {
      // A proxy's HTML error page or an empty 401: classify on the status alone.
      return null;
    }
  }
}
