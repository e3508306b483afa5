package dev.otpgateway.providers.sinch.simulated;

import io.vertx.core.json.JsonObject;

/**
 * A request the simulated Sinch API refuses, with the status and {@code {"code", "text"}} body the
 * real API uses (developers.sinch.com/docs/sms/api-reference/status-codes; sinch-java-sms
 * src/main/java/com/sinch/xms/api/ApiError.java lists the codes).
 */
final class SinchApiError extends RuntimeException {
  private final int status;
  private final String code;

  SinchApiError(int status, String code, String text) {
    super(text, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** The JSON is malformed, or a field has the wrong JSON type. */
  static SinchApiError invalidJson(String text) {
    return new SinchApiError(400, "syntax_invalid_json", text);
  }

  /** A field's value is malformed, e.g. an MSISDN that is not one. */
  static SinchApiError invalidFormat(String text) {
    return new SinchApiError(400, "syntax_invalid_parameter_format", text);
  }

  /** A required field is missing, or a value is out of its allowed range. */
  static SinchApiError constraint(String text) {
    return new SinchApiError(400, "syntax_constraint_violation", text);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  JsonObject toJson() {
    return new JsonObject().put("code", code).put("text", getMessage());
  }
}
