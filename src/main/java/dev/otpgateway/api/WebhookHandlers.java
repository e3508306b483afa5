package dev.otpgateway.api;

import dev.otpgateway.delivery.DeliveryService;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.verification.DeliveryFollowUp;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Delivery receipts at {@code /webhooks/<provider>}. Nothing changes until the provider's signature
 * verifies over the URL it called (the public base URL plus this request's path and query) and the
 * exact bytes it sent; a forged, unsigned or expired receipt answers 401/403. A verified receipt
 * for an unknown message answers 200 and changes nothing, so the provider stops retrying it.
 */
final class WebhookHandlers {
  private final DeliveryService delivery;
  private final DeliveryFollowUp followUp;
  private final String publicBaseUrl;

  WebhookHandlers(DeliveryService delivery, DeliveryFollowUp followUp, String publicBaseUrl) {
    this.delivery = delivery;
    this.followUp = followUp;
    this.publicBaseUrl = publicBaseUrl;
  }

  void receive(RoutingContext ctx) {
    String name = ctx.pathParam("provider");
    Provider provider = delivery.provider(name);
    if (provider == null) {
      throw GatewayException.notFound("no provider '" + name + "' is configured here");
    }
    Map<String, String> headers = new HashMap<>();
    ctx.request()
        .headers()
        .forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    byte[] body =
        ctx.body() == null || ctx.body().buffer() == null
            ? new byte[0]
            : ctx.body().buffer().getBytes();
    WebhookRequest request =
        new WebhookRequest(
            ctx.request().method().name(), publicBaseUrl + ctx.request().uri(), headers, body);
    List<DeliveryReceipt> receipts;
    try {
      Optional<String> answer = provider.receipts().challengeAnswer(request);
      if (answer.isPresent()) {
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(answer.get());
        return;
      }
      receipts = provider.receipts().verify(request);
    } catch (WebhookRejectedException e) {
      if (e.status() == 401) {
        ctx.response().putHeader("WWW-Authenticate", "Signature realm=\"otp-gateway\"");
      }
      throw GatewayException.of(
          e.status() == 401 ? Kind.UNAUTHENTICATED : Kind.FORBIDDEN,
          e.status() == 401 ? "webhook_unsigned" : "webhook_forged",
          e.getMessage());
    }
    List<Future<Boolean>> applied = new ArrayList<>(receipts.size());
    for (DeliveryReceipt receipt : receipts) {
      applied.add(followUp.onReceipt(name, receipt));
    }
    Future.all(applied)
        .onSuccess(
            all -> {
              long changed = all.<Boolean>list().stream().filter(Boolean::booleanValue).count();
              Responses.send(ctx, 200, Map.of("received", receipts.size(), "applied", changed));
            })
        .onFailure(ctx::fail);
  }
}
