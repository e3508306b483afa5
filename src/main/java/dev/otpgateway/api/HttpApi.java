package dev.otpgateway.api;

import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.ledger.LedgerStore;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.tenancy.TenantService;
import dev.otpgateway.verification.DeliveryFollowUp;
import dev.otpgateway.verification.IdempotencyStore;
import dev.otpgateway.verification.RulesInForce;
import dev.otpgateway.verification.VerificationService;
import dev.otpgateway.verification.VerificationStarter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API of DESIGN §4: every route, its authentication, the 64 KiB body limit, and the one
 * failure handler. The OpenAPI document served at {@code /openapi.json} describes exactly these
 * routes; a test holds the two together.
 */
public final class HttpApi {
  /** Bodies larger than this answer 413. */
  public static final long BODY_LIMIT = 64 * 1024;

  private HttpApi() {}

  /** Everything the routes call into. */
  public record Parts(
      VerificationStarter starter,
      VerificationService verifications,
      DeliveryService delivery,
      DeliveryFollowUp followUp,
      String publicBaseUrl,
      RulesInForce rules,
      IdempotencyStore idempotency,
      TenantService tenants,
      LedgerStore ledger,
      String adminKeySha256,
      Metrics metrics,
      Buffer openApiJson,
      BooleanSupplier ready,
      Router simulatorControl,
      Clock clock) {}

  public static Router router(Vertx vertx, Parts parts) {
    Router router = Router.router(vertx);
    if (parts.simulatorControl() != null) {
      router.route("/simulator/*").subRouter(parts.simulatorControl());
    }

    router.get("/health/live").handler(ctx -> Responses.send(ctx, 200, Map.of("status", "up")));
    router
        .get("/health/ready")
        .handler(
            ctx -> {
              boolean ready = parts.ready().getAsBoolean();
              Responses.send(
                  ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "starting"));
            });
    router
        .get("/openapi.json")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(parts.openApiJson()));
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", parts.metrics().contentType())
                    .end(Buffer.buffer(parts.metrics().scrape())));

    WebhookHandlers webhooks =
        new WebhookHandlers(parts.delivery(), parts.followUp(), parts.publicBaseUrl());
    router
        .route("/webhooks/:provider")
        .method(HttpMethod.POST)
        .method(HttpMethod.GET)
        .handler(BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false))
        .handler(webhooks::receive);

    router
        .route("/v1/*")
        .handler(BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false))
        .handler(HttpApi::requireJsonBody);

    VerificationHandlers verifications =
        new VerificationHandlers(
            parts.starter(), parts.verifications(), parts.idempotency(), parts.clock());
    var tenantAuth = Auth.tenant(parts.tenants());
    router.post("/v1/verifications").handler(tenantAuth).handler(verifications::start);
    router.get("/v1/verifications/:id").handler(tenantAuth).handler(verifications::read);
    router.post("/v1/verifications/:id/check").handler(tenantAuth).handler(verifications::check);
    router.post("/v1/verifications/:id/cancel").handler(tenantAuth).handler(verifications::cancel);

    var adminAuth = Auth.admin(parts.adminKeySha256());
    var anyAuth = Auth.tenantOrAdmin(parts.tenants(), parts.adminKeySha256());
    RoutingHandlers routing = new RoutingHandlers(parts.starter(), parts.rules());
    router.post("/v1/routes/preview").handler(tenantAuth).handler(routing::preview);
    router.get("/v1/rules").handler(anyAuth).handler(routing::read);
    router.post("/v1/rules/validate").handler(anyAuth).handler(routing::validate);
    router.post("/v1/admin/rules/reload").handler(adminAuth).handler(routing::reload);

    ReportHandlers reports = new ReportHandlers(parts.ledger(), parts.clock());
    router.get("/v1/reports/costs").handler(anyAuth).handler(reports::costs);

    TenantHandlers tenants = new TenantHandlers(parts.tenants());
    router.post("/v1/admin/tenants").handler(adminAuth).handler(tenants::create);
    router.get("/v1/admin/tenants").handler(adminAuth).handler(tenants::list);
    router.get("/v1/admin/tenants/:id").handler(adminAuth).handler(tenants::read);
    router.patch("/v1/admin/tenants/:id").handler(adminAuth).handler(tenants::update);
    router.delete("/v1/admin/tenants/:id").handler(adminAuth).handler(tenants::delete);
    router.post("/v1/admin/tenants/:id/rotate-key").handler(adminAuth).handler(tenants::rotateKey);

    router.route().failureHandler(Problems::handle);
    router.errorHandler(404, Problems::handle);
    router.errorHandler(405, Problems::handle);
    router.errorHandler(500, Problems::handle);
    return router;
  }

  /** A body must be JSON; anything else is refused before it is read as JSON. */
  private static void requireJsonBody(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    if (hasBody
        && (method == HttpMethod.POST || method == HttpMethod.PATCH || method == HttpMethod.PUT)) {
      String type = ctx.request().getHeader("Content-Type");
      String mediaType =
          type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
      if (!mediaType.equals("application/json")
          && !mediaType.equals("application/merge-patch+json")) {
        ctx.fail(
            GatewayException.of(
                Kind.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "the body must be JSON: Content-Type: application/json"));
        return;
      }
    }
    ctx.next();
  }
}
