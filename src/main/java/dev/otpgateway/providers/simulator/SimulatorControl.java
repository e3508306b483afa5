package dev.otpgateway.providers.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;

/**
 * The simulator's control API: read what a handset received, and script a provider's faults. {@code
 * POST} changes only the fields it names and refuses, naming each field, anything unknown, mistyped
 * or out of range ({@link SettingsJson}); {@code DELETE} makes the provider healthy again, in every
 * country.
 */
final class SimulatorControl {
  private final Vertx vertx;
  private final ProviderSimulator simulator;

  SimulatorControl(Vertx vertx, ProviderSimulator simulator) {
    this.vertx = vertx;
    this.simulator = simulator;
  }

  Router router() {
    Router router = Router.router(vertx);
    router.get("/messages").handler(this::messages);
    router.get("/providers/:name").handler(this::read);
    router
        .post("/providers/:name")
        .handler(BodyHandler.create().setBodyLimit(64 * 1024))
        .handler(this::update);
    router.delete("/providers/:name").handler(this::reset);
    return router;
  }

  private void messages(RoutingContext ctx) {
    String to = ctx.queryParams().get("to");
    if (to == null || to.isBlank()) {
      problem(
          ctx,
          400,
          "query parameter 'to' is required, e.g. ?to=%2B12025550123",
          Map.of("to", "is required: the handset's E.164 number"));
      return;
    }
    JsonArray messages = new JsonArray();
    for (SimulatedMessage m : simulator.handsets().inbox(to.strip())) {
      messages.add(
          new JsonObject()
              .put("provider", m.provider())
              .put("channel", m.channel())
              .put("from", m.from())
              .put("body", m.body())
              .put("received_at", m.acceptedAt().toString()));
    }
    json(ctx, 200, new JsonObject().put("to", to.strip()).put("messages", messages));
  }

  private void read(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!known(ctx, name)) {
      return;
    }
    json(ctx, 200, simulator.describe(name));
  }

  private void update(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!known(ctx, name)) {
      return;
    }
    JsonObject body;
    try {
      Buffer buffer = ctx.body().buffer();
      body = buffer == null ? null : new JsonObject(buffer);
    } catch (DecodeException | ClassCastException e) {
      problem(ctx, 400, "the body must be a JSON object");
      return;
    }
    if (body == null) {
      problem(ctx, 400, "the body must be a JSON object");
      return;
    }
    try {
      json(ctx, 200, simulator.configure(name, body));
    } catch (InvalidSettingsException e) {
      problem(ctx, 400, e.getMessage(), e.errors());
    }
  }

  private void reset(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!known(ctx, name)) {
      return;
    }
    simulator.reset(name);
    ctx.response().setStatusCode(204).end();
  }

  private boolean known(RoutingContext ctx, String name) {
    if (simulator.providers().contains(name)) {
      return true;
    }
    problem(ctx, 404, "no simulated provider '" + name + "'; known: " + simulator.providers());
    return false;
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.toBuffer());
  }

  private static void problem(RoutingContext ctx, int status, String detail) {
    problem(ctx, status, detail, Map.of());
  }

  /**
   * @param errors field to what is wrong with it, for a body that failed validation
   */
  private static void problem(
      RoutingContext ctx, int status, String detail, Map<String, String> errors) {
    JsonObject body =
        new JsonObject()
            .put(
                "type",
                "urn:problem-type:otp-gateway:"
                    + (status == 404 ? "not_found" : "validation_failed"))
            .put("title", status == 404 ? "Not Found" : "Bad Request")
            .put("status", status)
            .put("detail", detail);
    if (!errors.isEmpty()) {
      JsonObject fields = new JsonObject();
      errors.forEach(fields::put);
      body.put("errors", fields);
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/problem+json")
        .end(body.toBuffer());
  }
}
