package dev.otpgateway.providers.simulator;

import dev.otpgateway.providers.DeliveryReceipt;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plainest wire API the simulator can host, to test its frame without any one provider's rules:
 * {@code POST /<name>/messages {"to", "body"}} answers 201 {@code {"id"}}, and each receipt is a
 * JSON post {@code {"id", "to", "status"}} to {@code /webhooks/<name>}.
 */
final class PlainApi implements SimulatedApi {
  private final String name;
  private final AtomicInteger ids = new AtomicInteger();
  private final Set<String> ownSettings;
  private SimulatorContext context;

  PlainApi(String name, Set<String> ownSettings) {
    this.name = name;
    this.ownSettings = ownSettings;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> ownSettings() {
    return ownSettings;
  }

  @Override
  public void mount(Router router, SimulatorContext context) {
    this.context = context;
    router.post("/messages").handler(BodyHandler.create()).handler(this::send);
  }

  private void send(RoutingContext ctx) {
    JsonObject request = ctx.body().asJsonObject();
    String to = request.getString("to");
    context.afterFaults(
        this,
        ctx,
        to,
        () -> {
          String id = "m" + ids.incrementAndGet();
          context.settle(
              this,
              new SimulatedMessage(
                  id,
                  name,
                  "sms",
                  to,
                  "Acme",
                  request.getString("body"),
                  null,
                  null,
                  context.clock().instant()));
          ctx.response().setStatusCode(201).end(new JsonObject().put("id", id).toBuffer());
        });
  }

  @Override
  public void respondInjectedError(RoutingContext routing, int status) {
    routing.response().setStatusCode(status).end(new JsonObject().put("error", status).toBuffer());
  }

  @Override
  public Future<Void> sendReceipt(SimulatedMessage message, DeliveryReceipt.Status status) {
    JsonObject receipt =
        new JsonObject()
            .put("id", message.id())
            .put("to", message.to())
            .put("status", status.name().toLowerCase(java.util.Locale.ROOT));
    return context
        .client()
        .postAbs(context.defaultReceiptUrl(name))
        .sendJsonObject(receipt)
        .mapEmpty();
  }
}
