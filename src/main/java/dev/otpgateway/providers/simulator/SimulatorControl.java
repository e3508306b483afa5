package dev.otpgateway.providers.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's control API: read what a handset received, and script a provider's faults. {@code
 * POST} changes only the fields it names; {@code DELETE} makes the provider healthy again.
 */
final class SimulatorControl {
  private static final Set<String> FIELDS =
      Set.of(
          "down", "error_rate", "error_status", "latency_ms", "dlr", "dlr_delay_ms", "rcs_capable");

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
      problem(ctx, 400, "to", "query parameter 'to' is required, e.g. ?to=%2B12025550123");
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
    json(ctx, 200, toJson(name, simulator.settings(name)));
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
      problem(ctx, 400, null, "the body must be a JSON object");
      return;
    }
    if (body == null) {
      problem(ctx, 400, null, "the body must be a JSON object");
      return;
    }
    try {
      FaultSettings next = merge(simulator.settings(name), body);
      simulator.configure(name, next);
      json(ctx, 200, toJson(name, next));
    } catch (InvalidField e) {
      problem(ctx, 400, e.field, e.getMessage());
    } catch (IllegalArgumentException e) {
      // FaultSettings refuses out-of-range values with messages that start with the field's name.
      String field = e.getMessage().split(" ", 2)[0];
      boolean named = FIELDS.contains(field);
      problem(
          ctx,
          400,
          named ? field : null,
          named ? e.getMessage().substring(field.length() + 1) : e.getMessage());
    }
  }

  private void reset(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!known(ctx, name)) {
      return;
    }
    simulator.configure(name, FaultSettings.HEALTHY);
    ctx.response().setStatusCode(204).end();
  }

  private boolean known(RoutingContext ctx, String name) {
    if (simulator.providers().contains(name)) {
      return true;
    }
    problem(
        ctx, 404, null, "no simulated provider '" + name + "'; known: " + simulator.providers());
    return false;
  }

  static FaultSettings merge(FaultSettings current, JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new InvalidField(field, "is not a known field; allowed: " + FIELDS);
      }
    }
    return new FaultSettings(
        bool(body, "down", current.down()),
        number(body, "error_rate", current.errorRate()),
        (int) whole(body, "error_status", current.errorStatus()),
        (int) whole(body, "latency_ms", current.latencyMs()),
        dlr(body, current.dlr()),
        (int) whole(body, "dlr_delay_ms", current.dlrDelayMs()),
        numbers(body, current.rcsCapable()));
  }

  private static boolean bool(JsonObject body, String field, boolean current) {
    Object value = body.getValue(field);
    if (value == null && !body.containsKey(field)) {
      return current;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new InvalidField(field, "must be true or false");
  }

  private static double number(JsonObject body, String field, double current) {
    if (!body.containsKey(field)) {
      return current;
    }
    if (body.getValue(field) instanceof Number n) {
      return n.doubleValue();
    }
    throw new InvalidField(field, "must be a number");
  }

  private static long whole(JsonObject body, String field, long current) {
    if (!body.containsKey(field)) {
      return current;
    }
    Object value = body.getValue(field);
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw new InvalidField(field, "must be a whole number");
  }

  private static FaultSettings.Dlr dlr(JsonObject body, FaultSettings.Dlr current) {
    if (!body.containsKey("dlr")) {
      return current;
    }
    if (body.getValue("dlr") instanceof String s) {
      try {
        return FaultSettings.Dlr.valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // falls through to the message below
      }
    }
    throw new InvalidField("dlr", "must be one of delivered, failed, none");
  }

  private static Set<String> numbers(JsonObject body, Set<String> current) {
    if (!body.containsKey("rcs_capable")) {
      return current;
    }
    if (!(body.getValue("rcs_capable") instanceof JsonArray array)) {
      throw new InvalidField("rcs_capable", "must be an array of E.164 numbers");
    }
    Set<String> numbers = new HashSet<>();
    for (Object item : array) {
      if (!(item instanceof String s) || !s.matches("\\+[1-9][0-9]{6,14}")) {
        throw new InvalidField("rcs_capable", "must be an array of E.164 numbers");
      }
      numbers.add(s);
    }
    return numbers;
  }

  static JsonObject toJson(String name, FaultSettings s) {
    return new JsonObject(
        Map.of(
            "provider", name,
            "down", s.down(),
            "error_rate", s.errorRate(),
            "error_status", s.errorStatus(),
            "latency_ms", s.latencyMs(),
            "dlr", s.dlr().name().toLowerCase(Locale.ROOT),
            "dlr_delay_ms", s.dlrDelayMs(),
            "rcs_capable", new JsonArray(s.rcsCapable().stream().sorted().toList())));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.toBuffer());
  }

  /**
   * Problem details as the gateway's API writes them: a type of our own and, for a bad field, the
   * field and what is wrong with it under {@code errors}.
   */
  private static void problem(RoutingContext ctx, int status, String field, String detail) {
    JsonObject body =
        new JsonObject()
            .put(
                "type",
                "urn:problem-type:otp-gateway:"
                    + (status == 404 ? "not_found" : "validation_failed"))
            .put("title", status == 404 ? "Not Found" : "Bad Request")
            .put("status", status)
            .put("detail", field == null ? detail : field + " " + detail);
    if (field != null) {
      body.put("errors", new JsonObject().put(field, detail));
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/problem+json")
        .end(body.toBuffer());
  }

  /** A field of a fault change that is unknown or has a value it cannot take. */
  static final class InvalidField extends IllegalArgumentException {
    final String field;

    InvalidField(String field, String message) {
      super(message);
      this.field = field;
    }
  }
}
