package dev.otpgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.json.Json;
import dev.otpgateway.tenancy.ApiKeys;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.verification.CheckResult;
import dev.otpgateway.verification.IdempotencyStore;
import dev.otpgateway.verification.IdempotencyStore.StoredResponse;
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
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final Pattern ID = Pattern.compile("ver_[a-z2-7]{26}");

  private final VerificationStarter starter;
  private final VerificationService service;
  private final IdempotencyStore idempotency;
  private final Clock clock;

  VerificationHandlers(
      VerificationStarter starter,
      VerificationService service,
      IdempotencyStore idempotency,
      Clock clock) {
    this.starter = starter;
    this.service = service;
    this.idempotency = idempotency;
    this.clock = clock;
  }

  void start(RoutingContext ctx) {
    Tenant tenant = Auth.tenantOf(ctx);
    JsonFields fields = JsonFields.parse(ctx.body().buffer());
    StartCommand command = VerificationRequests.start(fields);
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      run(tenant, command).onSuccess(r -> reply(ctx, r)).onFailure(ctx::fail);
      return;
    }
    if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw GatewayException.invalid(
          "the Idempotency-Key header is invalid",
          Map.of("Idempotency-Key", "must be 1 to 255 printable ASCII characters"));
    }
    String hash = ApiKeys.sha256Hex(canonical(fields.tree()));
    idempotency
        .claim(tenant.id(), key, hash)
        .compose(
            claim -> {
              return switch (claim.state()) {
                case REPLAY -> {
                  ctx.response().putHeader("Idempotent-Replayed", "true");
                  yield Future.succeededFuture(claim.response());
                }
                case BODY_MISMATCH ->
                    Future.failedFuture(
                        GatewayException.of(
                            Kind.CONFLICT,
                            "idempotency_key_reused",
                            "this Idempotency-Key was used with a different body"));
                case IN_PROGRESS ->
                    Future.failedFuture(
                        GatewayException.of(
                            Kind.CONFLICT,
                            "idempotency_request_in_progress",
                            "a request with this Idempotency-Key is still being processed; retry shortly"));
                case CLAIMED -> runOnce(tenant, key, hash, command);
              };
            })
        .onSuccess(r -> reply(ctx, r))
        .onFailure(ctx::fail);
  }

  /**
   * Runs a claimed start and remembers its answer for replay. A start that failed sent no code (a
   * refusal, a rate limit, every provider down), so the key is released and a retry runs again.
   */
  private Future<StoredResponse> runOnce(
      Tenant tenant, String key, String hash, StartCommand command) {
    return run(tenant, command)
        .compose(
            response ->
                idempotency.complete(tenant.id(), key, withHash(response, hash)).map(response))
        .recover(
            failure ->
                idempotency.release(tenant.id(), key).transform(v -> Future.failedFuture(failure)));
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

  private static StoredResponse withHash(StoredResponse r, String hash) {
    return new StoredResponse(hash, r.status(), r.location(), r.body());
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
        .with(Map.of("verification_status", state.equals("used") ? "used" : "expired"));
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
