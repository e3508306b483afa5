package dev.otpgateway.providers.rbm;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Reads the error body every Google REST API answers with, {@code {"error": {"code": 404,
 * "message": "...", "status": "NOT_FOUND"}}}: the HTTP status, a developer-facing message, and the
 * canonical {@code google.rpc.Code} name (Google API design guide, "Errors"; AIP-193).
 *
 * @param code the HTTP status (the body repeats it; the status line is what a proxy cannot garble)
 * @param message Google's explanation; adapters keep it out of exceptions, since it may quote what
 *     was sent
 * @param status the {@code google.rpc.Code} name, e.g. {@code INVALID_ARGUMENT}, or null when the
 *     body was not Google's error shape (a proxy's page, an empty body)
 */
public record GoogleApiError(int code, String message, String status) {

  /** Reads an error response; never fails, since a broken body still has its HTTP status. */
  public static GoogleApiError read(int httpStatus, Buffer body) {
    try {
      if (body != null
          && body.toJsonValue() instanceof JsonObject json
          && json.getValue("error") instanceof JsonObject error) {
        return new GoogleApiError(
            httpStatus,
            error.getValue("message") instanceof String m ? m : "",
            error.getValue("status") instanceof String s ? s : null);
      }
    } catch (DecodeException notJson) {
      // Not Google's shape: only the HTTP status is known.
    }
    return new GoogleApiError(httpStatus, "", null);
  }
}
