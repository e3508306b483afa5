package dev.otpgateway.api;

import dev.otpgateway.abuse.TenantRateLimiter;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.tenancy.Tenant;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A tenant's reads that cost work (route previews, rules reads and lints) at most its {@code
 * requests_per_second}, like its starts, so one key cannot keep the gateway busy for free. They
 * draw from their own buckets: a dashboard polling the rules never takes a start's turn. The admin
 * key is not limited here.
 */
final class ReadLimit {
  private ReadLimit() {}

  /** Runs after authentication; passes requests made with the admin key. */
  static Handler<RoutingContext> perTenant(TenantRateLimiter limiter, Metrics metrics) {
    return ctx -> {
      Tenant tenant = Auth.tenantOf(ctx);
      if (tenant == null) {
        ctx.next();
        return;
      }
      long wait = limiter.acquire(tenant.id(), tenant.limits().requestsPerSecond());
      if (wait > 0) {
        metrics.rateLimited("tenant_reads");
        ctx.fail(
            GatewayException.rateLimited(
                "tenant_rate_limited",
                "tenant '"
                    + tenant.id()
                    + "' may make "
                    + tenant.limits().requestsPerSecond()
                    + " previews and rules reads per second",
                (wait + 999) / 1000));
        return;
      }
      ctx.next();
    };
  }
}
