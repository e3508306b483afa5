package dev.otpgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.json.Json;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.verification.CheckResult;
import dev.otpgateway.verification.IdempotencyStore.StoredResponse;
import dev.otpgateway.verification.IdempotentStarts;
import dev.otpgateway.verification.StartCommand;
import dev.otpgateway.verification.VerificationService;
import dev.otpgateway.verification.VerificationStarter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The verification API: start, read, check, cancel. */
final class VerificationHandlers {
  private static final Pattern ID = Pattern.compile("ver_[a-z2-7]{26}");

  private final VerificationStarter starter;
  private final VerificationService service;
  private final IdempotentStarts starts;
  private final Clock clock;

  VerificationHandlers(
      VerificationStarter starter,
      VerificationService service,
      IdempotentStarts starts,
      Clock clock) {
    this.starter = starter;
    this.service = service;
    this.starts = starts;
    this.clock = clock;
  }

  void start(RoutingContext ctx) {
    Tenant tenant = Auth.tenantOf(ctx);
    JsonFields fields = JsonFields.parse(ctx.body().buffer());
    StartCommand command = VerificationRequests.start(fields, tenant.templates());
    starts
        .start(
            tenant.id(),
            ctx.request().getHeader("Idempotency-Key"),
            canonical(fields.tree()),
            () -> run(tenant, command))
        .onSuccess(
            answer -> {
              if (answer.replayed()) {
                ctx.response().putHeader("Idempotent-Replayed", "true");
              }
              reply(ctx, answer.response());
            })
        .onFailure(ctx::fail);
  }

  private Future<StoredResponse> run(Tenant tenant, StartCommand command) {
    return starter
        .start(tenant, command)
        .map(
            started ->
                new StoredResponse(
                    null,
                    started.pendingPush() ? 202 : 201,
                    "/v1/verifications/" + started.verification().id(),
                    Responses.json(Views.verification(started.verification(), clock.millis()))
                        .toString()));
  }

  private static void reply(RoutingContext ctx, StoredResponse r) {
    ctx.response().putHeader("Location", r.location());
    Responses.send(ctx, r.status(), Buffer.buffer(r.body()));
  }

  void read(RoutingContext ctx) {
    String id = id(ctx);
    service
        .get(Auth.tenantOf(ctx), id)
        .onSuccess(v -> Responses.send(ctx, 200, Views.verification(v, clock.millis())))
        .onFailure(ctx::fail);
  }

  void check(RoutingContext ctx) {
    String id = id(ctx);
    VerificationRequests.Check check =
        VerificationRequests.check(JsonFields.parse(ctx.body().buffer()));
    service
        .check(Auth.tenantOf(ctx), id, check.code(), check.binding())
        .onSuccess(result -> checked(ctx, id, result))
        .onFailure(ctx::fail);
  }

  private static void checked(RoutingContext ctx, String id, CheckResult result) {
    switch (result.outcome()) {
      case APPROVED -> Responses.send(ctx, 200, Map.of("id", id, "status", "approved"));
      case WRONG_CODE ->
          Responses.send(
              ctx,
              422,
              Map.of("id", id, "status", "pending", "attempts_left", result.attemptsLeft()));
      case EXPIRED -> ctx.fail(gone("expired", "the code of verification " + id + " has expired"));
      case NO_LONGER_USABLE ->
          ctx.fail(gone("used", "verification " + id + " was already used or ended"));
      case CANCELED ->
          ctx.fail(
              gone("canceled", "verification " + id + " was canceled; its code approves nothing"));
      case TOO_MANY_ATTEMPTS ->
          ctx.fail(
              GatewayException.of(
                      Kind.RATE_LIMITED,
                      "too_many_attempts",
                      "too many wrong codes: verification " + id + " is dead; start a new one")
                  .with(Map.of("verification_status", "failed", "attempts_left", 0)));
      case NOT_FOUND -> ctx.fail(GatewayException.notFound("no verification " + id));
    }
  }

  private static GatewayException gone(String state, String detail) {
    return GatewayException.of(Kind.GONE, "verification_" + state, detail)
        .with(Map.of("verification_status", state));
  }

  void cancel(RoutingContext ctx) {
    String id = id(ctx);
    if (ctx.body() != null && ctx.body().length() > 0) {
      JsonFields.parse(ctx.body().buffer()).finish();
    }
    service
        .cancel(Auth.tenantOf(ctx), id)
        .onSuccess(v -> Responses.send(ctx, 200, Views.verification(v, clock.millis())))
        .onFailure(ctx::fail);
  }

  /** A malformed id names no verification: 404, like a missing one. */
  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      throw GatewayException.notFound("no verification " + id);
    }
    return id;
  }

  /** JSON with members sorted at every level, so key order doesn't make a body "different". */
  static String canonical(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsString(sorted(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        map.put(f.getKey(), sorted(f.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      java.util.List<Object> list = new java.util.ArrayList<>();
      node.forEach(n -> list.add(sorted(n)));
      return list;
    }
    return node;
  }
}
