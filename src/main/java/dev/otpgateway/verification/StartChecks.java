package dev.otpgateway.verification;

import dev.otpgateway.abuse.TenantRateLimiter;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.ledger.Budgets;
import dev.otpgateway.tenancy.Tenant;
import io.vertx.core.Future;
import java.util.function.LongSupplier;

/**
 * What a start must pass before anything is routed or stored (DESIGN §3 step 2): a ledger that
 * keeps up, the tenant's rate, its countries, and its monthly budget. Each refusal is a problem the
 * client can act on; the starter records it as a {@code refused} event.
 */
public final class StartChecks {
  /**
   * How far the ledger may fall behind before this member takes no new starts: well inside the time
   * an event's copy stays in its verification's outbox, so a member that dies behind loses nothing.
   */
  static final long MAX_LEDGER_LAG_MILLIS = Verification.OUTBOX_HORIZON_MILLIS / 3;

  private final TenantRateLimiter tenantLimiter;
  private final Budgets budgets;
  private final LongSupplier ledgerLagMillis;

  public StartChecks(
      TenantRateLimiter tenantLimiter, Budgets budgets, LongSupplier ledgerLagMillis) {
    this.tenantLimiter = tenantLimiter;
    this.budgets = budgets;
    this.ledgerLagMillis = ledgerLagMillis;
  }

  Future<Void> admit(Tenant tenant, StartCommand command) {
    if (ledgerLagMillis.getAsLong() > MAX_LEDGER_LAG_MILLIS) {
      return Future.failedFuture(
          GatewayException.unavailable(
              "ledger_behind",
              "the ledger is behind on this member; try again shortly, or another member",
              5));
    }
    long wait = tenantLimiter.acquire(tenant.id(), tenant.limits().requestsPerSecond());
    if (wait > 0) {
      return Future.failedFuture(
          GatewayException.rateLimited(
              "tenant_rate_limited",
              "tenant '"
                  + tenant.id()
                  + "' may start "
                  + tenant.limits().requestsPerSecond()
                  + " verifications per second",
              (wait + 999) / 1000));
    }
    String country = command.destination().country();
    if (!tenant.allowsCountry(country)) {
      return Future.failedFuture(
          GatewayException.of(
              Kind.FORBIDDEN,
              "country_not_permitted",
              "tenant '"
                  + tenant.id()
                  + "' may not send codes to "
                  + country
                  + "; allowed: "
                  + tenant.allowedCountries()));
    }
    return budgets.admit(tenant);
  }
}
