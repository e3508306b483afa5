package dev.otpgateway.providers.rbm.simulated;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.simulator.FaultSettings;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.providers.simulator.Settlement;
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
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Google RBM's REST API as the simulator speaks it: the three calls the RBM adapter makes, with
 * RBM's authentication, parameters, validation ({@link RbmAgentMessageRules}), answers and Google
 * error bodies, and webhook events signed with the agent's client token ({@link RbmWebhookEvents}).
 *
 * <p>RCS settles differently from SMS. With {@code dlr: delivered} the handset gets the message
 * (channel {@code rcs}) and a DELIVERED event follows. Otherwise the message waits in RBM's queue
 * and is <em>not</em> on the handset, which is what lets the gateway revoke it and send the SMS
 * fallback, so the person gets one code: with {@code dlr: none} it waits until revoked or until its
 * TTL runs out, silently; with {@code dlr: failed} the handset never comes back either, and after
 * {@code dlr_delay_ms} (standing in for the TTL, so tests need not wait it out) RBM revokes it and
 * sends TTL_EXPIRATION_REVOKED, the one event RBM has for "not delivered". A message sent without
 * {@code ttl} or {@code expireTime} never gets that event, as on RBM.
 */
public final class RbmSimulatedApi implements SimulatedApi {
  /** The provider's name, as the simulator's control API and routing rules know it. */
  public static final String NAME = "rbm";

  /** RBM's message and request ids: UUIDs (RFC 4122) in their canonical 8-4-4-4-12 text. */
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
  // Capabilities.features, the Feature enum of phones.getCapabilities.
  private static final List<String> FEATURES =
      List.of(
          "REVOCATION",
          "RICHCARD_STANDALONE",
          "RICHCARD_CAROUSEL",
          "ACTION_CREATE_CALENDAR_EVENT",
          "ACTION_DIAL",
          "ACTION_OPEN_URL",
          "ACTION_SHARE_LOCATION",
          "ACTION_VIEW_LOCATION");
  // Google's standard texts for a missing and a refused OAuth token.
  private static final String NO_CREDENTIALS =
      "Request is missing required authentication credential. Expected OAuth 2 access token,"
          + " login cookie or other valid authentication credential. See"
          + " https://developers.google.com/identity/sign-in/web/devconsole-project.";
  private static final String BAD_CREDENTIALS =
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login"
          + " cookie or other valid authentication credential. See"
          + " https://developers.google.com/identity/sign-in/web/devconsole-project.";
  private static final String NOT_FOUND = "Requested entity was not found.";

  private final String agentId;
  private final byte[] accessToken;
  private final RbmWebhookEvents events;
  private final RbmSimulatedMessages messages =
      new RbmSimulatedMessages(ProviderSimulator.CAPACITY);
  private volatile SimulatorContext context;

  /**
   * @param agentId the agent the simulated RBM knows
   * @param accessToken the one OAuth access token it accepts
   * @param webhookToken the client token its webhook events are signed with
   */
  public RbmSimulatedApi(String agentId, String accessToken, String webhookToken) {
    this.agentId = agentId;
    this.accessToken = accessToken.getBytes(StandardCharsets.UTF_8);
    this.events = new RbmWebhookEvents(agentId, webhookToken);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void mount(Router router, SimulatorContext context) {
    this.context = context;
    router.get("/v1/phones/:msisdn/capabilities").handler(this::capabilities);
    router
        .post("/v1/phones/:msisdn/agentMessages")
        .handler(BodyHandler.create().setBodyLimit(1024 * 1024))
        .handler(this::create);
    router.delete("/v1/phones/:msisdn/agentMessages/:messageId").handler(this::revoke);
  }

  private void capabilities(RoutingContext routing) {
    if (!admitted(routing)) {
      return;
    }
    String requestId = routing.queryParams().get("requestId");
    if (requestId != null && !isUuid(requestId)) {
      respond(routing, new GoogleError(400, "requestId must be a UUID (RFC 4122)."));
      return;
    }
    String to = routing.pathParam("msisdn");
    context.afterFaults(
        this,
        routing,
        to,
        () -> {
          if (context.settings(name()).rcsCapable().contains(to)) {
            json(routing, 200, new JsonObject().put("features", new JsonArray(FEATURES)));
          } else {
            respond(routing, new GoogleError(404, NOT_FOUND));
          }
        });
  }

  private void create(RoutingContext routing) {
    if (!admitted(routing)) {
      return;
    }
    String messageId = routing.queryParams().get("messageId");
    if (messageId == null || messageId.isEmpty()) {
      respond(routing, new GoogleError(400, "messageId is required."));
      return;
    }
    if (!isUuid(messageId)) {
      respond(routing, new GoogleError(400, "messageId must be a UUID (RFC 4122)."));
      return;
    }
    RbmAgentMessageRules.Valid valid;
    try {
      valid = RbmAgentMessageRules.check(routing.body().buffer(), context.clock().instant());
    } catch (RbmAgentMessageRules.Refused refused) {
      respond(routing, refused.error());
      return;
    }
    context.afterFaults(
        this, routing, routing.pathParam("msisdn"), () -> accept(routing, messageId, valid));
  }

  private void accept(RoutingContext routing, String messageId, RbmAgentMessageRules.Valid valid) {
    String to = routing.pathParam("msisdn");
    if (!context.settings(name()).rcsCapable().contains(to)) {
      respond(routing, new GoogleError(404, NOT_FOUND));
      return;
    }
    Instant now = context.clock().instant();
    SimulatedMessage message =
        new SimulatedMessage(messageId, name(), "rcs", to, agentId, valid.text(), null, null, now);
    FaultSettings.Dlr dlr = context.settings(name(), to).dlr();
    RbmSimulatedMessages.State state =
        dlr == FaultSettings.Dlr.DELIVERED
            ? RbmSimulatedMessages.State.DELIVERED
            : RbmSimulatedMessages.State.PENDING;
    if (!messages.add(message, valid.expiresAt(), state)) {
      respond(routing, new GoogleError(409, "Requested entity already exists"));
      return;
    }
    context.log(name()).add(message);
    // Decided only once RBM has taken the message, so a refused duplicate spends no share.
    Settlement settled = context.settlement(this, to);
    if (dlr == FaultSettings.Dlr.DELIVERED) {
      if (settled.reachesHandset()) {
        context.handsets().receive(message);
      }
      context.receipts(this, message, DeliveryReceipt.Status.DELIVERED, settled);
    } else if (dlr == FaultSettings.Dlr.FAILED && valid.expiresAt() != null) {
      context.receipts(this, message, DeliveryReceipt.Status.FAILED, settled);
    }
    // The message as stored: ttl is input only, expireTime is given back when either was set.
    JsonObject stored = valid.stored().copy();
    stored.remove("ttl");
    stored.put("name", "phones/" + to + "/agentMessages/" + messageId);
    stored.put("sendTime", now.toString());
    if (valid.expiresAt() != null) {
      stored.put("expireTime", valid.expiresAt().toString());
    }
    json(routing, 200, stored);
  }

  private void revoke(RoutingContext routing) {
    if (!admitted(routing)) {
      return;
    }
    String to = routing.pathParam("msisdn");
    String messageId = routing.pathParam("messageId");
    context.afterFaults(
        this,
        routing,
        to,
        () -> {
          if (messages.revoke(to, messageId, context.clock().instant())) {
            json(routing, 200, new JsonObject());
          } else {
            // Delivered already (or gone): phones.agentMessages.delete answers 404.
            respond(routing, new GoogleError(404, NOT_FOUND));
          }
        });
  }

  @Override
  public Set<String> ownSettings() {
    return Set.of("rcs_capable");
  }

  @Override
  public void respondInjectedError(RoutingContext routing, int status) {
    respond(routing, new GoogleError(status, "Simulated failure."));
  }

  @Override
  public Future<Void> sendReceipt(SimulatedMessage message, DeliveryReceipt.Status status) {
    Instant now = context.clock().instant();
    RbmWebhookEvents.Call call =
        switch (status) {
          case DELIVERED -> events.delivered(message.to(), message.id(), now);
          // Only if still waiting: a revoke in the meantime means RBM has nothing to expire.
          case FAILED ->
              messages.expire(message.id())
                  ? events.expiredAndRevoked(message.to(), message.id(), now)
                  : null;
          // RBM has no event for "accepted, not yet delivered".
          case SENT -> null;
        };
    if (call == null) {
      return Future.succeededFuture();
    }
    try {
      return context
          .client()
          .postAbs(context.defaultReceiptUrl(name()))
          .putHeader("content-type", "application/json")
          .putHeader(RbmEventSigner.HEADER, call.signature())
          .sendBuffer(Buffer.buffer(call.body()))
          .compose(
              response ->
                  response.statusCode() == 200
                      ? Future.succeededFuture()
                      : Future.failedFuture("the webhook answered " + response.statusCode()));
    } catch (IllegalStateException closed) {
      // The simulator shut down while the event waited for its delay.
      return Future.failedFuture(closed);
    }
  }

  /** Where a message stands in the simulated RBM, or null for an id it never took; for tests. */
  RbmSimulatedMessages.State state(String messageId) {
    return messages.state(messageId, context.clock().instant());
  }

  private static boolean isUuid(String id) {
    return UUID_TEXT.matcher(id).matches();
  }

  /** OAuth token, then agent, then number, as Google's front end checks them. */
  private boolean admitted(RoutingContext routing) {
    String authorization = routing.request().getHeader("Authorization");
    if (authorization == null || authorization.isBlank()) {
      unauthenticated(routing, NO_CREDENTIALS);
      return false;
    }
    boolean bearer = authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    byte[] token = authorization.substring(bearer ? 7 : 0).strip().getBytes(StandardCharsets.UTF_8);
    if (!bearer || !MessageDigest.isEqual(accessToken, token)) {
      unauthenticated(routing, BAD_CREDENTIALS);
      return false;
    }
    String agent = routing.queryParams().get("agentId");
    if (!agentId.equals(agent)) {
      // As RBM answers an unknown or missing agent (rbm-api-examples issue #24).
      respond(
          routing,
          new GoogleError(
              403,
              "There was an error looking up the RBM agent (ID: "
                  + agent
                  + ") that corresponds to the Google Cloud Platform (GCP) project you're"
                  + " authenticating with."));
      return false;
    }
    if (!E164.matcher(routing.pathParam("msisdn")).matches()) {
      respond(routing, new GoogleError(400, "The phone number must be in E.164 format."));
      return false;
    }
    return true;
  }

  private static void unauthenticated(RoutingContext routing, String message) {
    routing
        .response()
        .putHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
    respond(routing, new GoogleError(401, message));
  }

  private static void respond(RoutingContext routing, GoogleError error) {
    json(routing, error.code(), error.toJson());
  }

  private static void json(RoutingContext routing, int status, JsonObject body) {
    routing
        .response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=UTF-8")
        .end(body.toBuffer());
  }
}
