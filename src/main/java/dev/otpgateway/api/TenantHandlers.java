package dev.otpgateway.api;

import dev.otpgateway.tenancy.TenantService;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** The admin tenant API: create, list, read, update, delete, rotate key or callback secret. */
final class TenantHandlers {
  private final TenantService tenants;

  TenantHandlers(TenantService tenants) {
    this.tenants = tenants;
  }

  void create(RoutingContext ctx) {
    var spec =
        TenantRequests.create(JsonFields.parse(ctx.body().buffer()), tenants.callbackTargets());
    tenants
        .create(spec)
        .onSuccess(
            created -> {
              ctx.response().putHeader("Location", "/v1/admin/tenants/" + created.tenant().id());
              Responses.send(
                  ctx,
                  201,
                  Views.tenant(
                      created.tenant(), created.apiKey(), created.tenant().callbackSecret()));
            })
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    tenants
        .list()
        .onSuccess(
            all ->
                Responses.send(
                    ctx,
                    200,
                    Map.of(
                        "tenants",
                        all.stream()
                            .sorted(java.util.Comparator.comparing(t -> t.id()))
                            .map(t -> Views.tenant(t, null, null))
                            .toList())))
        .onFailure(ctx::fail);
  }

  void read(RoutingContext ctx) {
    tenants
        .get(ctx.pathParam("id"))
        .onSuccess(t -> Responses.send(ctx, 200, Views.tenant(t, null, null)))
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    var patch =
        TenantRequests.patch(JsonFields.parse(ctx.body().buffer()), tenants.callbackTargets());
    String id = ctx.pathParam("id");
    tenants
        .get(id)
        .compose(
            before ->
                tenants
                    .update(id, patch)
                    .map(
                        after ->
                            Views.tenant(
                                after,
                                null,
                                before.callbackSecret() == null ? after.callbackSecret() : null)))
        .onSuccess(view -> Responses.send(ctx, 200, view))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    tenants
        .delete(ctx.pathParam("id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  void rotateKey(RoutingContext ctx) {
    if (ctx.body() != null && ctx.body().length() > 0) {
      JsonFields.parse(ctx.body().buffer()).finish();
    }
    tenants
        .rotateKey(ctx.pathParam("id"))
        .onSuccess(r -> Responses.send(ctx, 200, Views.tenant(r.tenant(), r.apiKey(), null)))
        .onFailure(ctx::fail);
  }

  /** A new callback secret, shown in this answer only. */
  void rotateCallbackSecret(RoutingContext ctx) {
    if (ctx.body() != null && ctx.body().length() > 0) {
      JsonFields.parse(ctx.body().buffer()).finish();
    }
    tenants
        .rotateCallbackSecret(ctx.pathParam("id"))
        .onSuccess(t -> Responses.send(ctx, 200, Views.tenant(t, null, t.callbackSecret())))
        .onFailure(ctx::fail);
  }
}
