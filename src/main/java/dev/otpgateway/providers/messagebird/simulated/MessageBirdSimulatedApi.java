package dev.otpgateway.providers.messagebird.simulated;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.simulator.SimulatedApi;
import dev.otpgateway.providers.simulator.SimulatedMessage;
import dev.otpgateway.providers.simulator.SimulatorContext;
import dev.otpgateway.sms.SegmentCount;
import dev.otpgateway.sms.Segments;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * MessageBird's SMS API as the simulator speaks it: {@code POST /messages}, {@code GET
 * /messages/{id}} and {@code GET /messages} behind {@code Authorization: AccessKey ...} (or the
 * {@code access_key} query parameter the docs also allow), MessageBird's error shape and codes, ids
 * of 32 hex digits, and status reports signed with {@code MessageBird-Signature-JWT} (HS256, a
 * fresh {@code jti}, a minute's life, as MessageBird's published test tokens have).
 *
 * <p>Status reports are sent to the message's {@code reportUrl} (else the account's URL), and only
 * for messages with a {@code reference}, as MessageBird does. They go as a POST with the report's
 * parameters form-encoded in the body. MessageBird's documented default is a GET with the same
 * parameters in the query string; the adapter reads both, and the shared contract test tampers with
 * a receipt's body, which a GET does not have.
 */
public final class MessageBirdSimulatedApi implements SimulatedApi {
  /** The provider's name, as the simulator's control API and routing rules know it. */
  public static final String NAME = "messagebird";

  private static final int BODY_LIMIT = 64 * 1024;
  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";

  private final byte[] accessKey;
  private final MessageBirdRequestSigner signer;
  private final SimulatedMessages messages = new SimulatedMessages();
  private volatile SimulatorContext context;

  /**
   * @param accessKey the access key the simulated API accepts
   * @param signingKey the key its status reports are signed with
   */
  public MessageBirdSimulatedApi(String accessKey, String signingKey) {
    if (accessKey.isBlank() || signingKey.isBlank()) {
      throw new IllegalArgumentException(
          "the simulated MessageBird needs an access key and a signing key, but one was empty");
    }
    this.accessKey = accessKey.getBytes(StandardCharsets.UTF_8);
    this.signer = new MessageBirdRequestSigner(signingKey);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void mount(Router router, SimulatorContext context) {
    this.context = context;
    router
        .post("/messages")
        .handler(BodyHandler.create().setBodyLimit(BODY_LIMIT))
        .handler(this::create);
    router.get("/messages").handler(this::list);
    router.get("/messages/:id").handler(this::read);
  }

  private void create(RoutingContext ctx) {
    if (!authenticated(ctx)) {
      return;
    }
    SimulatedSend send = parse(ctx);
    if (send == null) {
      errors(ctx, 400, List.of(new SimulatedSend.Error(21, "Bad request", null)));
      return;
    }
    if (!send.errors.isEmpty()) {
      errors(ctx, 422, send.errors);
      return;
    }
    // A message to several countries is answered as its first recipient's country answers.
    String first = "+" + send.valid.recipients().get(0);
    context.afterFaults(this, ctx, first, () -> accept(ctx, send.valid));
  }

  private static SimulatedSend parse(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType != null && contentType.startsWith(FORM)) {
      return SimulatedSend.fromForm(ctx.request().formAttributes());
    }
    try {
      Buffer body = ctx.body().buffer();
      return body == null ? null : SimulatedSend.fromJson(new JsonObject(body));
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private void accept(RoutingContext ctx, SimulatedSend.Valid request) {
    Instant now = context.clock().instant();
    String id = newId();
    SegmentCount parts = Segments.count(request.body());
    List<SimulatedMessages.Recipient> recipients = new ArrayList<>();
    for (long msisdn : request.recipients()) {
      recipients.add(new SimulatedMessages.Recipient(msisdn, now));
    }
    SimulatedMessages.Message message =
        new SimulatedMessages.Message(
            id,
            request,
            parts.encoding() == SegmentCount.Encoding.GSM7 ? "plain" : "unicode",
            parts.segments(),
            now,
            recipients);
    messages.add(message);
    for (long msisdn : request.recipients()) {
      context.settle(
          this,
          new SimulatedMessage(
              id,
              name(),
              "sms",
              "+" + msisdn,
              request.originator(),
              request.body(),
              request.reference(),
              request.reportUrl(),
              now));
    }
    json(ctx, 201, SimulatedMessages.toJson(message, messagesUrl(ctx) + "/" + id));
  }

  private void read(RoutingContext ctx) {
    if (!authenticated(ctx) || down(ctx)) {
      return;
    }
    SimulatedMessages.Message message = messages.get(ctx.pathParam("id"));
    if (message == null) {
      // messagebird/go-rest-api sms/testdata/messageNotFound.json
      errors(ctx, 404, List.of(new SimulatedSend.Error(20, "message not found", null)));
      return;
    }
    json(ctx, 200, SimulatedMessages.toJson(message, messagesUrl(ctx) + "/" + message.id()));
  }

  private void list(RoutingContext ctx) {
    if (!authenticated(ctx) || down(ctx)) {
      return;
    }
    SimulatedListQuery query = SimulatedListQuery.parse(ctx.queryParams());
    if (query.error() != null) {
      errors(ctx, 422, List.of(query.error()));
      return;
    }
    List<SimulatedMessages.Message> found = messages.find(query.recipient(), query::matches);
    String base = messagesUrl(ctx);
    JsonArray items = new JsonArray();
    int end = Math.min(found.size(), query.offset() + query.limit());
    for (int i = query.offset(); i < end; i++) {
      items.add(SimulatedMessages.toJson(found.get(i), base + "/" + found.get(i).id()));
    }
    json(ctx, 200, query.page(base, items, found.size()));
  }

  @Override
  public void respondInjectedError(RoutingContext routing, int status) {
    SimulatedSend.Error error =
        switch (status) {
          case 401, 403 ->
              new SimulatedSend.Error(
                  2, "Request not allowed (incorrect access_key)", "access_key");
          case 402 -> new SimulatedSend.Error(25, "Not enough balance", null);
          case 404 -> new SimulatedSend.Error(20, "Not found", null);
          case 422 -> new SimulatedSend.Error(9, "no (correct) recipients found", "recipients");
          default ->
              status >= 500
                  ? new SimulatedSend.Error(99, "Internal error", null)
                  // MessageBird documents no code of its own for throttling; 21 is its generic one.
                  : new SimulatedSend.Error(
                      21, status == 429 ? "Too many requests" : "Bad request", null);
        };
    errors(routing, status, List.of(error));
  }

  @Override
  public Future<Void> sendReceipt(SimulatedMessage message, DeliveryReceipt.Status status) {
    if (message.reference() == null) {
      return Future.succeededFuture();
    }
    String url =
        message.callbackUrl() != null ? message.callbackUrl() : context.defaultReceiptUrl(name());
    Instant now = context.clock().instant();
    String reported =
        switch (status) {
          case DELIVERED -> "delivered";
          case FAILED -> "delivery_failed";
          case SENT -> "sent";
        };
    long msisdn = Long.parseLong(SimulatedSend.msisdn(message.to()));
    SimulatedMessages.Message stored = messages.get(message.id());
    SimulatedMessages.Recipient recipient = stored == null ? null : stored.recipient(msisdn);
    if (recipient != null) {
      recipient.status = reported;
      recipient.statusAt = now;
    }
    // MessageBird reports by GET with the fields in the query string (support.messagebird.com,
    // "I am missing my delivery reports"); the JWT then covers the URL and no payload.
    String query = SimulatedStatusReport.form(message, stored, msisdn, reported, now);
    String reportUrl = url + (url.contains("?") ? "&" : "?") + query;
    String token =
        signer.sign(reportUrl, new byte[0], now, now.plusSeconds(60), UUID.randomUUID().toString());
    Future<HttpResponse<Buffer>> sent;
    try {
      sent =
          context
              .client()
              .getAbs(reportUrl)
              .putHeader(MessageBirdRequestSigner.HEADER, token)
              .send();
    } catch (RuntimeException e) {
      // A client closed with the simulator throws rather than failing the future.
      return Future.failedFuture(e);
    }
    return sent.compose(
        response ->
            response.statusCode() / 100 == 2
                ? Future.<Void>succeededFuture()
                : Future.failedFuture("the receiver answered HTTP " + response.statusCode()));
  }

  private boolean authenticated(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String given =
        header != null && header.startsWith("AccessKey ")
            ? header.substring("AccessKey ".length()).strip()
            : ctx.queryParams().get("access_key");
    if (given != null && MessageDigest.isEqual(accessKey, given.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    // messagebird/go-rest-api internal/mbtest/test_server.go WillReturnAccessKeyError
    errors(
        ctx,
        401,
        List.of(
            new SimulatedSend.Error(
                2, "Request not allowed (incorrect access_key)", "access_key")));
    return false;
  }

  private boolean down(RoutingContext ctx) {
    if (context.settings(name()).down()) {
      respondInjectedError(ctx, 503);
      return true;
    }
    return false;
  }

  /** The absolute URL of this API's {@code /messages}, as MessageBird's {@code href}s use. */
  private static String messagesUrl(RoutingContext ctx) {
    String uri = ctx.request().absoluteURI();
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    int messages = path.lastIndexOf("/messages");
    return messages < 0 ? path : path.substring(0, messages + "/messages".length());
  }

  private static void errors(RoutingContext ctx, int status, List<SimulatedSend.Error> errors) {
    JsonArray list = new JsonArray();
    errors.forEach(e -> list.add(e.toJson()));
    json(ctx, status, new JsonObject().put("errors", list));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.toBuffer());
  }

  /** MessageBird's message ids: 32 lower-case hex digits. */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return HexFormat.of().toHexDigits(random.nextLong())
        + HexFormat.of().toHexDigits(random.nextLong());
  }
}
