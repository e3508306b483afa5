package dev.otpgateway.api;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.tenancy.ApiKeys;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Bearer authentication: tenant keys for the verification API, the admin key for admin routes. */
final class Auth {
  private static final String TENANT = "otp.tenant";

  private Auth() {}

  static Handler<RoutingContext> tenant(TenantService tenants) {
    return ctx ->
        tenants
            .authenticate(bearer(ctx))
            .onSuccess(
                tenant -> {
                  ctx.put(TENANT, tenant);
                  ctx.next();
                })
            .onFailure(e -> unauthorized(ctx, e));
  }

  static Handler<RoutingContext> admin(String adminKeySha256) {
    return ctx -> {
      String presented = bearer(ctx);
      if (presented != null && ApiKeys.sameHash(ApiKeys.sha256Hex(presented), adminKeySha256)) {
        ctx.next();
      } else {
        unauthorized(
            ctx,
            GatewayException.of(
                Kind.UNAUTHENTICATED,
                "unauthenticated",
                "the admin key is required: Authorization: Bearer <admin key>"));
      }
    };
  }

  /** A tenant key or the admin key: for what tenants and auditors may both read. */
  static Handler<RoutingContext> tenantOrAdmin(TenantService tenants, String adminKeySha256) {
    Handler<RoutingContext> tenant = tenant(tenants);
    return ctx -> {
      String presented = bearer(ctx);
      if (presented != null && ApiKeys.sameHash(ApiKeys.sha256Hex(presented), adminKeySha256)) {
        ctx.next();
      } else {
        tenant.handle(ctx);
      }
    };
  }

  static Tenant tenantOf(RoutingContext ctx) {
    return ctx.get(TENANT);
  }

  private static void unauthorized(RoutingContext ctx, Throwable e) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"otp-gateway\"");
    ctx.fail(e);
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }
}
