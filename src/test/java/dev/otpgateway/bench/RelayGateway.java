package dev.otpgateway.bench;

import dev.otpgateway.app.Gateway;
import dev.otpgateway.cluster.RelayState;
import dev.otpgateway.events.Ids;
import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.providers.messagebird.MessageBirdProvider;
import dev.otpgateway.providers.messagebird.MessageBirdSettings;
import dev.otpgateway.providers.rbm.RbmProvider;
import dev.otpgateway.providers.rbm.RbmSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor of a start's cost on this box: a stand-in gateway that makes only a start's HTTP
 * exchanges, through the gateway's own provider adapters, and nothing else. For each {@code POST
 * /v1/verifications} it asks RBM whether the handset takes RCS, sends a fixed message through RBM
 * or MessageBird (the benchmark's US route), answers a canned 201 of the real size once the
 * provider accepted, and takes the signed receipt on {@code /webhooks/<provider>}, checking its
 * signature with the adapter's own verifier. No tenant, no code, no routing rules, no Hazelcast, no
 * ledger, no fraud counters, no metrics. {@code bench/load --separate-simulator --relay} runs the
 * driver against it, with the simulator in its own process as for the gateway.
 *
 * <p>Given a cluster port ({@code --relay-hazelcast}), it also makes a start's four Hazelcast entry
 * operations ({@link RelayState}): three before it answers, where the gateway reserves the number,
 * creates the verification and records the send, and one for the receipt. That measures what the
 * hand-offs to Hazelcast's partition thread add on their own.
 *
 * <p>Usage: {@code RelayGateway PORT SIMULATOR_BASE_URL [CLUSTER_PORT]}, with the providers'
 * credentials in the same {@code OTPGW_PROVIDERS_*} variables the gateway reads (bench/load sets
 * them).
 */
public final class RelayGateway {
  private static final Buffer STARTED = StubGateway.STARTED;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  // The text a six-digit code's message has in the benchmark's tenant, with a fixed code.
  private static final String BODY = "Your verification code is 000000. It expires in 10 minutes.";

  private final MessageBirdProvider messagebird;
  private final RbmProvider rbm;
  private final String webhookBase;
  private final RelayState state; // null: no Hazelcast operations
  private final LongAdder verified = new LongAdder();
  private final LongAdder refused = new LongAdder();

  private RelayGateway(Vertx vertx, int port, String simulator, RelayState state) {
    this.state = state;
    this.webhookBase = "http://127.0.0.1:" + port + "/webhooks/";
    this.messagebird =
        new MessageBirdProvider(
            vertx,
            new MessageBirdSettings(
                env("OTPGW_PROVIDERS_MESSAGEBIRD_ACCESS_KEY"),
                env("OTPGW_PROVIDERS_MESSAGEBIRD_SIGNING_KEY"),
                simulator + "/messagebird",
                TIMEOUT,
                MessageBirdSettings.DEFAULT_MAX_CONNECTIONS));
    this.rbm =
        new RbmProvider(
            vertx,
            new RbmSettings(
                env("OTPGW_PROVIDERS_RBM_AGENT_ID"),
                env("OTPGW_PROVIDERS_RBM_ACCESS_TOKEN"),
                env("OTPGW_PROVIDERS_RBM_WEBHOOK_TOKEN"),
                simulator + "/rbm",
                TIMEOUT));
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    // The gateway's own Vert.x options: native epoll, an event loop per core.
    Vertx vertx = Vertx.vertx(Gateway.defaultVertxOptions());
    RelayState state = args.length > 2 ? new RelayState(vertx, Integer.parseInt(args[2])) : null;
    RelayGateway relay = new RelayGateway(vertx, port, args[1], state);
    vertx
        .createHttpServer()
        .requestHandler(relay::answer)
        .listen(port, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .join();
    System.out.println("relay gateway on http://127.0.0.1:" + port);
    // So a run shows its receipts were really taken and checked, not refused.
    vertx.setPeriodic(
        10_000,
        tick ->
            System.out.println(
                "receipts: "
                    + relay.verified.sum()
                    + " verified, "
                    + relay.refused.sum()
                    + " refused"));
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(name + " is not set");
    }
    return value;
  }

  private void answer(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              String path = request.path();
              if (path.equals("/v1/verifications")) {
                start(body)
                    .onSuccess(
                        sent ->
                            request
                                .response()
                                .setStatusCode(201)
                                .putHeader("Content-Type", "application/json")
                                .end(STARTED))
                    .onFailure(failed -> request.response().setStatusCode(502).end());
              } else if (path.startsWith("/webhooks/")) {
                receipt(request, path.substring("/webhooks/".length()), body);
              } else {
                StubGateway.answerOther(request, path);
              }
            });
  }

  /**
   * The capability check, then the send through the lane it leaves; with Hazelcast, two writes
   * before them and one after, where the gateway makes its operations.
   */
  private Future<Accepted> start(Buffer body) {
    String to = new JsonObject(body).getString("to");
    String id = Ids.mint(Ids.VERIFICATION);
    return write(id)
        .compose(reserved -> write(id))
        .compose(created -> rbm.isRcsCapable(to))
        .compose(
            capable -> {
              Provider provider = capable ? rbm : messagebird;
              // The senders routing-rules/regions/us.yaml gives these two providers.
              String sender = capable ? "otp-gateway-agent@rbm.goog" : "+12025550183";
              return provider.send(
                  new OutboundMessage(
                      // A reference of the gateway's form and length: ver_<id>.<attempt>.
                      id + ".1",
                      to,
                      BODY,
                      sender,
                      webhookBase + provider.name(),
                      Duration.ofMinutes(10)));
            })
        .compose(accepted -> write(id).map(accepted));
  }

  private Future<Void> write(String id) {
    return state == null ? Future.succeededFuture() : state.write(id);
  }

  private void receipt(HttpServerRequest request, String provider, Buffer body) {
    Provider from = provider.equals(rbm.name()) ? rbm : messagebird;
    Map<String, String> headers = new HashMap<>();
    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
    WebhookRequest webhook =
        new WebhookRequest(
            request.method().name(),
            "http://127.0.0.1:" + request.localAddress().port() + request.uri(),
            headers,
            body.getBytes());
    List<DeliveryReceipt> receipts;
    try {
      receipts = from.receipts().verify(webhook);
      verified.increment();
    } catch (RuntimeException e) {
      refused.increment();
      request.response().setStatusCode(401).end();
      return;
    }
    Future<Void> applied = Future.succeededFuture();
    if (state != null) {
      for (DeliveryReceipt receipt : receipts) {
        String reference = receipt.reference();
        if (reference != null && reference.indexOf('.') > 0) {
          applied = state.drop(reference.substring(0, reference.indexOf('.')));
        }
      }
    }
    applied.onComplete(done -> request.response().setStatusCode(200).end());
  }
}
