package dev.otpgateway.api;

import dev.otpgateway.abuse.FraudGuard;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.numbers.PhoneNumbers;
import dev.otpgateway.tenancy.TenantService;
import io.vertx.ext.web.RoutingContext;

/**
 * The fraud guard's view of a number, for an admin (DESIGN §6b): the counts, the signals and their
 * figures that a refused client never sees.
 */
final class FraudHandlers {
  private final TenantService tenants;
  private final FraudGuard guard;

  FraudHandlers(TenantService tenants, FraudGuard guard) {
    this.tenants = tenants;
    this.guard = guard;
  }

  void preview(RoutingContext ctx) {
    JsonFields f = JsonFields.parse(ctx.body().buffer());
    String to = f.text("to", true, 32, null, null);
    Destination parsed = null;
    if (to != null) {
      try {
        parsed = PhoneNumbers.parse(to);
      } catch (PhoneNumbers.InvalidNumberException e) {
        f.error("to", e.getMessage());
      }
    }
    f.finish();
    Destination destination = parsed;
    tenants
        .get(ctx.pathParam("id"))
        .onSuccess(
            tenant ->
                Responses.send(
                    ctx,
                    200,
                    Views.fraudPreview(
                        tenant.id(),
                        destination,
                        guard.preview(tenant, destination.e164(), destination.country()))))
        .onFailure(ctx::fail);
  }
}
