package dev.otpgateway.providers.rbm.simulated;

import io.vertx.core.json.JsonObject;

/**
 * An error as every Google REST API answers it, {@code {"error": {"code": 404, "message": "...",
 * "status": "NOT_FOUND"}}}: the HTTP status, a developer-facing message, and the canonical {@code
 * google.rpc.Code} name the status maps to (Google API design guide, "Errors"; AIP-193).
 */
record GoogleError(int code, String message) {

  JsonObject toJson() {
    return new JsonObject()
        .put(
            "error",
            new JsonObject()
                .put("code", code)
                .put("message", message)
                .put("status", canonicalStatus(code)));
  }

  /**
   * HTTP status to {@code google.rpc.Code}, per the "HTTP Mapping" of each code; a 4xx no code maps
   * to is reported as FAILED_PRECONDITION, the code for "the system is not in a state required".
   */
  static String canonicalStatus(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ALREADY_EXISTS";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 499 -> "CANCELLED";
      case 501 -> "UNIMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> httpStatus >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
  }
}
