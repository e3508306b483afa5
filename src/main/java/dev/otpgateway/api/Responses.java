package dev.otpgateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.otpgateway.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.UncheckedIOException;

/** Writes JSON responses with the one mapper. */
final class Responses {
  private Responses() {}

  static Buffer json(Object body) {
    try {
      return Buffer.buffer(Json.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void send(RoutingContext ctx, int status, Object body) {
    send(ctx, status, json(body));
  }

  static void send(RoutingContext ctx, int status, Buffer body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }
}
