package dev.otpgateway.providers.sinch.simulated;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.providers.simulator.SimulatedApi;
import dev.otpgateway.providers.simulator.SimulatedMessage;
import dev.otpgateway.providers.simulator.SimulatorContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Sinch's SMS REST API as the simulator speaks it, under {@code /sinch}: send a text batch ({@code
 * POST /xms/v1/{service_plan_id}/batches}, 201 with the batch) and list batches ({@code GET}, with
 * the {@code client_reference} filter the adapter looks messages up by), both behind the plan's
 * Bearer token. Accepted batches that asked for per-recipient delivery reports get one signed
 * {@code recipient_delivery_report_sms} callback with the final status, signed exactly as {@link
 * SinchCallbackSigner} describes, with a fresh nonce and the current timestamp.
 */
public final class SinchSimulatedApi implements SimulatedApi {
  /** The provider's name, as the simulator's control API and routing rules know it. */
  public static final String NAME = "sinch";

  private static final int REMEMBERED_BATCHES = ProviderSimulator.CAPACITY;

  /** The callback type of a per-recipient delivery report (Sinch's delivery report callbacks). */
  private static final String RECIPIENT_REPORT = "recipient_delivery_report_sms";

  private final String servicePlanId;
  private final String apiToken;
  private final SinchCallbackSigner signer;
  private final SimulatedBatches batches = new SimulatedBatches(REMEMBERED_BATCHES);
  private SimulatorContext context;
  private Ulid ids;

  /**
   * @param servicePlanId the only plan id the simulated API serves
   * @param apiToken the plan's token, expected as {@code Authorization: Bearer}
   * @param webhookSecret what callbacks are signed with
   */
  public SinchSimulatedApi(String servicePlanId, String apiToken, String webhookSecret) {
    this.servicePlanId = servicePlanId;
    this.apiToken = apiToken;
    this.signer = new SinchCallbackSigner(webhookSecret);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void mount(Router router, SimulatorContext context) {
    this.context = context;
    this.ids = new Ulid(context.clock());
    router
        .post("/xms/v1/:plan/batches")
        .handler(BodyHandler.create().setBodyLimit(1024 * 1024))
        .handler(this::send);
    router.get("/xms/v1/:plan/batches").handler(this::list);
  }

  private void send(RoutingContext ctx) {
    if (!authenticated(ctx)) {
      return;
    }
    String contentType = ctx.request().getHeader("content-type");
    if (contentType == null
        || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      // Documented as 415 without a code: "The Content-Type header is missing or unsupported".
      ctx.response().setStatusCode(415).end();
      return;
    }
    Instant now = context.clock().instant();
    SimulatedBatch batch;
    try {
      batch = SimulatedBatchParser.parse(ctx.body().buffer(), ids.next(), now);
    } catch (SinchApiError refused) {
      respond(ctx, refused.status(), refused.toJson());
      return;
    }
    // A batch to several countries is answered as its first recipient's country answers.
    context.afterFaults(this, ctx, e164(batch.to().get(0)), () -> accept(ctx, batch));
  }

  private void accept(RoutingContext ctx, SimulatedBatch batch) {
    batches.add(batch);
    Instant now = context.clock().instant();
    long delayMs = batch.sendAt() == null ? 0 : Duration.between(now, batch.sendAt()).toMillis();
    for (String recipient : batch.to()) {
      SimulatedMessage message =
          new SimulatedMessage(
              batch.id(),
              name(),
              "sms",
              e164(recipient),
              batch.from(),
              batch.body(),
              batch.clientReference(),
              batch.callbackUrl(),
              now);
      if (delayMs > 0) {
        context.vertx().setTimer(delayMs, t -> context.settle(this, message));
      } else {
        context.settle(this, message);
      }
    }
    respond(ctx, 201, batch.toJson());
  }

  /**
   * Lists batches newest first, filtered like Sinch's list endpoint (sinch-sdk-java
   * ListBatchesQueryParameters: page, page_size 1..100, start_date defaulting to 24 hours ago,
   * end_date, from, client_reference).
   */
  private void list(RoutingContext ctx) {
    if (!authenticated(ctx)) {
      return;
    }
    ListQuery query;
    try {
      query = ListQuery.of(ctx.queryParams(), context.clock().instant());
    } catch (SinchApiError refused) {
      respond(ctx, refused.status(), refused.toJson());
      return;
    }
    // A provider that is down (or failing) is so for its listing too, not only for sends.
    context.afterFaults(this, ctx, null, () -> listed(ctx, query));
  }

  private void listed(RoutingContext ctx, ListQuery query) {
    List<SimulatedBatch> found = batches.newestFirst(query::matches);
    int from = Math.min(found.size(), query.page() * query.pageSize());
    List<SimulatedBatch> page =
        found.subList(from, Math.min(found.size(), from + query.pageSize()));
    JsonArray items = new JsonArray();
    page.forEach(b -> items.add(b.toJson()));
    respond(
        ctx,
        200,
        new JsonObject()
            .put("count", found.size())
            .put("page", query.page())
            .put("batches", items)
            .put("page_size", items.size()));
  }

  /**
   * The token must be this plan's and the path must name this plan; Sinch answers 401 for either
   * ("Authentication token is invalid for this service plan").
   */
  private boolean authenticated(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("authorization");
    boolean tokenOk =
        authorization != null
            && MessageDigest.isEqual(
                authorization.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + apiToken).getBytes(StandardCharsets.UTF_8));
    if (tokenOk && servicePlanId.equals(ctx.pathParam("plan"))) {
      return true;
    }
    respond(ctx, 401, unauthorized());
    return false;
  }

  private static JsonObject unauthorized() {
    return new JsonObject()
        .put("code", "unauthorized")
        .put("text", "Authentication token is invalid for this service plan");
  }

  @Override
  public void respondInjectedError(RoutingContext routing, int status) {
    JsonObject body =
        switch (status) {
          case 400 -> SinchApiError.invalidFormat("to: a recipient is not a valid MSISDN").toJson();
          case 401 -> unauthorized();
          case 403 -> new SinchApiError(403, "blocked_account", "the account is blocked").toJson();
          default -> null;
        };
    if (body == null) {
      // Sinch documents a JSON body only for 400 and 403 (and we send one with 401).
      routing.response().setStatusCode(status).end();
    } else {
      respond(routing, status, body);
    }
  }

  @Override
  public Future<Void> sendReceipt(SimulatedMessage message, DeliveryReceipt.Status status) {
    boolean wanted =
        batches.get(message.id()).map(SimulatedBatch::perRecipientReports).orElse(false);
    if (!wanted) {
      return Future.succeededFuture();
    }
    Buffer body = report(message, status).toBuffer();
    String nonce = ids.next();
    String timestamp = Long.toString(context.clock().instant().getEpochSecond());
    String url =
        message.callbackUrl() != null ? message.callbackUrl() : context.defaultReceiptUrl(name());
    try {
      return context
          .client()
          .postAbs(url)
          .putHeader("content-type", "application/json")
          .putHeader(
              SinchCallbackSigner.SIGNATURE_HEADER, signer.sign(body.getBytes(), nonce, timestamp))
          .putHeader(SinchCallbackSigner.NONCE_HEADER, nonce)
          .putHeader(SinchCallbackSigner.TIMESTAMP_HEADER, timestamp)
          .putHeader(SinchCallbackSigner.ALGORITHM_HEADER, SinchCallbackSigner.ALGORITHM)
          .sendBuffer(body)
          .compose(
              response ->
                  response.statusCode() / 100 == 2
                      ? Future.succeededFuture()
                      : Future.failedFuture("HTTP " + response.statusCode()));
    } catch (RuntimeException clientClosed) {
      // A receipt timer that fires while the simulator shuts down finds its client closed.
      return Future.failedFuture(clientClosed);
    }
  }

  /**
   * The final per-recipient report, members in the order of the signed report in sinch-sdk-java's
   * SinchEventsServiceTest. The recipient is the MSISDN without "+", as Sinch reports it there.
   */
  private JsonObject report(SimulatedMessage message, DeliveryReceipt.Status status) {
    Instant now = context.clock().instant();
    JsonObject report =
        new JsonObject()
            .put("at", SimulatedBatch.ISO_MILLIS.format(now))
            .put("batch_id", message.id());
    if (message.reference() != null) {
      report.put("client_reference", message.reference());
    }
    boolean delivered = status == DeliveryReceipt.Status.DELIVERED;
    return report
        // 0: delivered by the operator; 404: "Temporary delivery failure" (sinch-sdk-java
        // DeliveryReceiptStatusCode).
        .put("code", delivered ? 0 : 404)
        .put("operator_status_at", now.truncatedTo(ChronoUnit.SECONDS).toString())
        .put("recipient", message.to().startsWith("+") ? message.to().substring(1) : message.to())
        .put(
            "status",
            delivered
                ? "Delivered"
                : status == DeliveryReceipt.Status.SENT ? "Dispatched" : "Failed")
        .put("type", RECIPIENT_REPORT);
  }

  /** Sinch takes MSISDNs with or without the plus; the handsets know them in E.164. */
  private static String e164(String msisdn) {
    return msisdn.startsWith("+") ? msisdn : "+" + msisdn;
  }

  private static void respond(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.toBuffer());
  }
}
