package dev.otpgateway.api;

import dev.otpgateway.abuse.FraudGuard;
import dev.otpgateway.abuse.TenantRateLimiter;
import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.ledger.LedgerStore;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.tenancy.TenantService;
import dev.otpgateway.verification.DeliveryFollowUp;
import dev.otpgateway.verification.IdempotentStarts;
import dev.otpgateway.verification.RulesInForce;
import dev.otpgateway.verification.VerificationService;
import dev.otpgateway.verification.VerificationStarter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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

  /** A request line longer than this answers 414. */
  public static final int MAX_REQUEST_LINE = 4096;

  /** A header block larger than this answers 431. */
  public static final int MAX_HEADERS = 8192;

  private HttpApi() {}

  /** Everything the routes call into. */
  public record Parts(
      VerificationStarter starter,
      VerificationService verifications,
      DeliveryService delivery,
      DeliveryFollowUp followUp,
      String publicBaseUrl,
      RulesInForce rules,
      IdempotentStarts idempotentStarts,
      TenantService tenants,
      LedgerStore ledger,
      String adminKeySha256,
      Metrics metrics,
      Buffer openApiJson,
      BooleanSupplier ready,
      Router simulatorControl,
      TenantRateLimiter readLimiter,
      FraudGuard fraud,
      Clock clock) {}

  public static Router router(Vertx vertx, Parts parts) {
    Router router = Router.router(vertx);
    // HEAD is GET without a body (RFC 9110 §9.3.2): Vert.x leaves the body off a HEAD response.
    // Not a HEAD-only route: one that matches every path would turn each unknown path's 404 into
    // a 405 for every other method.
    router
        .route()
        .handler(
            ctx -> {
              if (ctx.request().method() == HttpMethod.HEAD) {
                ctx.reroute(HttpMethod.GET, ctx.request().uri());
              } else {
                ctx.next();
              }
            });
    if (parts.simulatorControl() != null) {
      // Read here, so a broken or abandoned body is told apart from a fault (the simulator's own
      // body handler then finds it read).
      router
          .route("/simulator/*")
          .handler(ProblemHandler.bodyReader())
          .handler(ProblemHandler::bodyRead);
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
        .handler(ProblemHandler.bodyReader())
        .handler(ProblemHandler::bodyRead)
        .handler(webhooks::receive);

    router
        .route("/v1/*")
        .handler(ProblemHandler.bodyReader())
        .handler(ProblemHandler::bodyRead)
        .handler(HttpApi::requireJsonBody);

    VerificationHandlers verifications =
        new VerificationHandlers(
            parts.starter(), parts.verifications(), parts.idempotentStarts(), parts.clock());
    var tenantAuth = Auth.tenant(parts.tenants());
    router.post("/v1/verifications").handler(tenantAuth).handler(verifications::start);
    router.get("/v1/verifications/:id").handler(tenantAuth).handler(verifications::read);
    router.post("/v1/verifications/:id/check").handler(tenantAuth).handler(verifications::check);
    router.post("/v1/verifications/:id/cancel").handler(tenantAuth).handler(verifications::cancel);

    var adminAuth = Auth.admin(parts.adminKeySha256());
    var anyAuth = Auth.tenantOrAdmin(parts.tenants(), parts.adminKeySha256());
    var tenantReads = ReadLimit.perTenant(parts.readLimiter(), parts.metrics());
    RoutingHandlers routing = new RoutingHandlers(parts.starter(), parts.rules());
    router
        .post("/v1/routes/preview")
        .handler(tenantAuth)
        .handler(tenantReads)
        .handler(routing::preview);
    router.get("/v1/rules").handler(anyAuth).handler(tenantReads).handler(routing::read);
    router
        .post("/v1/rules/validate")
        .handler(anyAuth)
        .handler(tenantReads)
        .handler(routing::validate);
    router.post("/v1/admin/rules/reload").handler(adminAuth).handler(routing::reload);

    ReportHandlers reports = new ReportHandlers(parts.ledger(), parts.clock());
    router.get("/v1/reports/costs").handler(anyAuth).handler(tenantReads).handler(reports::costs);

    TenantHandlers tenants = new TenantHandlers(parts.tenants());
    router.post("/v1/admin/tenants").handler(adminAuth).handler(tenants::create);
    router.get("/v1/admin/tenants").handler(adminAuth).handler(tenants::list);
    router.get("/v1/admin/tenants/:id").handler(adminAuth).handler(tenants::read);
    router.patch("/v1/admin/tenants/:id").handler(adminAuth).handler(tenants::update);
    router.delete("/v1/admin/tenants/:id").handler(adminAuth).handler(tenants::delete);
    router.post("/v1/admin/tenants/:id/rotate-key").handler(adminAuth).handler(tenants::rotateKey);
    router
        .post("/v1/admin/tenants/:id/rotate-callback-secret")
        .handler(adminAuth)
        .handler(tenants::rotateCallbackSecret);
    FraudHandlers fraud = new FraudHandlers(parts.tenants(), parts.fraud());
    router.post("/v1/admin/tenants/:id/fraud/preview").handler(adminAuth).handler(fraud::preview);

    AllowedMethods allowed = new AllowedMethods(router, parts.simulatorControl(), "/simulator");
    router.route().failureHandler(ProblemHandler::handle);
    router.errorHandler(404, ProblemHandler::handle);
    router.errorHandler(
        405,
        ctx -> {
          ctx.response().putHeader("Allow", allowed.of(ctx.normalizedPath()));
          ProblemHandler.handle(ctx);
        });
    router.errorHandler(500, ProblemHandler::handle);
    return router;
  }

  /**
   * Answers a request the HTTP decoder could not read (a broken request line, an oversized URI or
   * header block) with problem+json, for {@code HttpServer#invalidRequestHandler}.
   */
  public static void invalidRequest(HttpServerRequest request) {
    ProblemHandler.invalidRequest(request);
  }

  /**
   * A body must be JSON; anything else is refused before it is read as JSON. A request that names
   * another media type is refused even when its body reads as empty: a multipart or form body is
   * decoded into form attributes, not into the body, and must not pass as "no body".
   */
  private static void requireJsonBody(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    String type = ctx.request().getHeader("Content-Type");
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    if ((hasBody || type != null)
        && (method == HttpMethod.POST || method == HttpMethod.PATCH || method == HttpMethod.PUT)) {
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
