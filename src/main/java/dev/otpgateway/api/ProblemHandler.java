package dev.otpgateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.json.Json;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one failure handler: every error leaves as RFC 9457 {@code application/problem+json} with
 * {@code type}, {@code title}, {@code status}, {@code detail}, and {@code errors} (field → message)
 * for invalid fields. Faults of our own are logged once, with the request path but never a body.
 *
 * <p>A client's broken HTTP is the client's problem, not ours: a request line, header or chunk the
 * HTTP decoder cannot read answers 400 (414, 431 for the oversized) and closes the connection, and
 * costs one line at INFO without a stack trace; a client that hangs up mid-body gets nothing (there
 * is no one to answer) and a FINE line. Neither may flood the log with traces.
 */
final class ProblemHandler {
  private static final Logger LOG = Logger.getLogger(ProblemHandler.class.getName());
  static final String TYPE_PREFIX = "urn:problem-type:otp-gateway:";
  static final String CONTENT_TYPE = "application/problem+json";

  /** Set while a route's body is being read, so a failure then is known to be the stream's. */
  private static final String READING_BODY = "otp.readingBody";

  private ProblemHandler() {}

  /**
   * Reads the body (at most {@link HttpApi#BODY_LIMIT}); a failure while reading is the client's
   * broken framing or hang-up, told apart from our own faults by the mark this sets.
   */
  static Handler<RoutingContext> bodyReader() {
    BodyHandler bodies =
        BodyHandler.create().setBodyLimit(HttpApi.BODY_LIMIT).setHandleFileUploads(false);
    return ctx -> {
      ctx.put(READING_BODY, Boolean.TRUE);
      bodies.handle(ctx);
    };
  }

  /** The handler after {@link #bodyReader()}: the body is in, later failures are ours again. */
  static void bodyRead(RoutingContext ctx) {
    ctx.remove(READING_BODY);
    ctx.next();
  }

  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure != null && ctx.get(READING_BODY) != null) {
      brokenStream(ctx, failure);
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
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

  /** The body could not be read: the client sent broken framing, or went away mid-body. */
  private static void brokenStream(RoutingContext ctx, Throwable failure) {
    String where = ctx.request().method() + " " + ctx.request().path();
    if (failure instanceof HttpClosedException
        || failure instanceof IOException
        || ctx.response().closed()) {
      LOG.fine(() -> "client went away while sending the body of " + where);
      return;
    }
    LOG.info(
        () ->
            "refused "
                + where
                + ": its body is not valid HTTP/1.1 framing ("
                + failure.getClass().getSimpleName()
                + ")");
    closeAfter(
        ctx.request(),
        GatewayException.of(
            Kind.INVALID,
            "malformed_request",
            "the request body could not be read: its HTTP framing is malformed (for example a"
                + " chunk size that is not hexadecimal)"));
  }

  /**
   * Answers a request the HTTP decoder could not read (its request line, a header), then closes the
   * connection: after a framing error nothing that follows on it can be trusted.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    GatewayException problem;
    if (cause instanceof TooLongHttpLineException) {
      problem =
          GatewayException.of(
              Kind.URI_TOO_LONG,
              "uri_too_long",
              "the request line is longer than " + HttpApi.MAX_REQUEST_LINE + " bytes");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem =
          GatewayException.of(
              Kind.HEADERS_TOO_LARGE,
              "headers_too_large",
              "the request headers are larger than " + HttpApi.MAX_HEADERS + " bytes");
    } else {
      problem =
          GatewayException.of(
              Kind.INVALID,
              "malformed_request",
              "the request is not valid HTTP/1.1: its request line or a header is malformed");
    }
    LOG.info(
        () ->
            "refused a request the HTTP decoder could not read: "
                + problem.code()
                + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"));
    closeAfter(request, problem);
  }

  private static void closeAfter(HttpServerRequest request, GatewayException problem) {
    if (request.response().headWritten()) {
      request.connection().close();
      return;
    }
    send(request.response(), problem).onComplete(done -> request.connection().close());
  }

  private static GatewayException fromStatus(RoutingContext ctx, int status) {
    return switch (status) {
      case 413 ->
          GatewayException.of(
              Kind.PAYLOAD_TOO_LARGE, "payload_too_large", "the body is larger than 64 KiB");
      case 404 -> GatewayException.notFound("no such resource: " + ctx.request().path());
      case 405 ->
          GatewayException.of(
              Kind.METHOD_NOT_ALLOWED,
              "method_not_allowed",
              ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 400 -> GatewayException.invalid("the request is malformed", Map.of());
      case 417 ->
          GatewayException.of(
              Kind.EXPECTATION_FAILED,
              "expectation_failed",
              "the only Expect this gateway meets is 100-continue");
      default ->
          GatewayException.of(
              Kind.INTERNAL, "internal_error", "the gateway failed to handle the request");
    };
  }

  static Future<Void> send(HttpServerResponse response, GatewayException problem) {
    int status = problem.kind().status;
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
      return response
          .setStatusCode(status)
          .putHeader("Content-Type", CONTENT_TYPE)
          .end(Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      return response.setStatusCode(500).end();
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
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 417 -> "Expectation Failed";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Internal Server Error";
    };
  }
}
