package dev.otpgateway.providers.messagebird;

import dev.otpgateway.providers.FailureClassifier;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.ProviderException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Classifies MessageBird's error answers, {@code {"errors":[{"code":N,"description":"...",
 * "parameter":"..."}]}}, by their code and parameter first and by HTTP status after.
 *
 * <p>Codes from messagebird/csharp-rest-api {@code MessageBird/Objects/Error.cs} and
 * messagebird/php-rest-api {@code src/MessageBird/Common/ResponseError.php}: 2 request not allowed
 * (access key), 9 missing parameters, 10 invalid parameters, 20 not found, 25 not enough balance,
 * 98 API not found, 99 internal error; 21 "bad request" from MessageBird's API error table.
 *
 * <p>Only what the number or the text causes is permanent: a missing or invalid {@code recipients}
 * (MessageBird's answer to a number it can't route) or {@code body}. Everything else MessageBird
 * refuses by code is ours or theirs (access key, balance, our sender id, a parameter of our
 * integration): another provider can take the message, so it is retryable. The description is left
 * out of the exception: it can quote the number.
 */
final class MessageBirdErrors {
  static final int REQUEST_NOT_ALLOWED = 2;
  static final int MISSING_PARAMS = 9;
  static final int INVALID_PARAMS = 10;
  static final int NOT_FOUND = 20;
  static final int BAD_REQUEST = 21;
  static final int NOT_ENOUGH_BALANCE = 25;
  static final int API_NOT_FOUND = 98;
  static final int INTERNAL_ERROR = 99;

  private static final Set<String> MESSAGE_PARAMETERS = Set.of("recipients", "recipient", "body");

  private MessageBirdErrors() {}

  /** The first error of an answer: what MessageBird lists first is what it checked first. */
  record ApiError(int code, String parameter) {}

  /** A non-2xx answer to a call, classified. */
  static ProviderException classify(int status, Buffer body) {
    ApiError error = firstError(body);
    if (error == null) {
      return FailureClassifier.fromStatus(
          MessageBirdProvider.NAME, status, null, "no MessageBird error body", false);
    }
    String code = Integer.toString(error.code());
    String detail =
        "MessageBird error "
            + code
            + (error.parameter() == null ? "" : " on " + printable(error.parameter()));
    FailureKind kind = kindOf(error);
    if (kind == null) {
      return FailureClassifier.fromStatus(MessageBirdProvider.NAME, status, code, detail, false);
    }
    if (kind == FailureKind.PERMANENT) {
      return FailureClassifier.fromStatus(MessageBirdProvider.NAME, status, code, detail, true);
    }
    return new ProviderException(
        MessageBirdProvider.NAME,
        kind,
        status,
        "http_" + status + "_" + code,
        "HTTP " + status + ": " + detail);
  }

  /** What an error code says by itself, or null when the HTTP status must decide. */
  static FailureKind kindOf(ApiError error) {
    return switch (error.code()) {
      case REQUEST_NOT_ALLOWED, NOT_ENOUGH_BALANCE, API_NOT_FOUND, INTERNAL_ERROR ->
          FailureKind.RETRYABLE;
      case MISSING_PARAMS, INVALID_PARAMS ->
          error.parameter() != null && MESSAGE_PARAMETERS.contains(error.parameter())
              ? FailureKind.PERMANENT
              : FailureKind.RETRYABLE;
      default -> null;
    };
  }

  /** The first entry of {@code errors}, or null when the body is not MessageBird's error shape. */
  static ApiError firstError(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      JsonObject json = new JsonObject(body);
      JsonArray errors = json.getJsonArray("errors");
      if (errors == null || errors.isEmpty() || !(errors.getValue(0) instanceof JsonObject first)) {
        return null;
      }
      if (!(first.getValue("code") instanceof Number code)) {
        return null;
      }
      return new ApiError(
          code.intValue(), first.getValue("parameter") instanceof String p ? p : null);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static String printable(String parameter) {
    return parameter.length() <= 32 && parameter.matches("[A-Za-z_\\[\\]]+")
        ? parameter
        : "(unrecognised parameter)";
  }
}
