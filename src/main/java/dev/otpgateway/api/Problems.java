package dev.otpgateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.json.Json;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one failure handler: every error leaves as RFC 9457 {@code application/problem+json} with
 * {@code type}, {@code title}, {@code status}, {@code detail}, and {@code errors} (field → message)
 * for invalid fields. Faults of our own are logged once, with the request path but never a body.
 */
final class Problems {
  private static final Logger LOG = Logger.getLogger(Problems.class.getName());
  static final String TYPE_PREFIX = "urn:problem-type:otp-gateway:";
  static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {}

  static void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    GatewayException problem;
    if (failure instanceof GatewayException e) {
      problem = e;
    } else if (failure instanceof HttpException e) {
      problem = fromStatus(ctx, e.getStatusCode());
    } else if (failure == null && ctx.statusCode() > 0) {
      problem = fromStatus(ctx, ctx.statusCode());
    } else {
      LOG.log(
          Level.SEVERE, "failed " + ctx.request().method() + " " + ctx.request().path(), failure);
      problem =
          GatewayException.of(
              Kind.INTERNAL, "internal_error", "the gateway failed to handle the request");
    }
    send(ctx.response(), problem);
  }

  private static GatewayException fromStatus(RoutingContext ctx, int status) {
    return switch (status) {
      case 413 ->
          GatewayException.of(
              Kind.PAYLOAD_TOO_LARGE, "payload_too_large", "the body is larger than 64 KiB");
      case 404 -> GatewayException.notFound("no such resource: " + ctx.request().path());
      case 405 ->
          GatewayException.of(
              Kind.INVALID,
              "method_not_allowed",
              ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 400 -> GatewayException.invalid("the request is malformed", Map.of());
      default ->
          GatewayException.of(
              Kind.INTERNAL, "internal_error", "the gateway failed to handle the request");
    };
  }

  static void send(HttpServerResponse response, GatewayException problem) {
    int status = "method_not_allowed".equals(problem.code()) ? 405 : problem.kind().status;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + problem.code());
    body.put("title", title(status));
    body.put("status", status);
    body.put("detail", problem.detail());
    if (!problem.fieldErrors().isEmpty()) {
      body.put("errors", problem.fieldErrors());
    }
    problem.extensions().forEach(body::putIfAbsent);
    if (problem.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
    }
    try {
      response
          .setStatusCode(status)
          .putHeader("Content-Type", CONTENT_TYPE)
          .end(io.vertx.core.buffer.Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      response.setStatusCode(500).end();
    }
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Internal Server Error";
    };
  }
}
