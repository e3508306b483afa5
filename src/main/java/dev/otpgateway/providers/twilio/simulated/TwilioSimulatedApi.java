package dev.otpgateway.providers.twilio.simulated;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.simulator.FormBody;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.providers.simulator.SimulatedApi;
import dev.otpgateway.providers.simulator.SimulatedMessage;
import dev.otpgateway.providers.simulator.SimulatorContext;
import dev.otpgateway.sms.Segments;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Twilio's Programmable Messaging API as the simulator speaks it, and its Lookup v2 ({@link
 * TwilioLookups}): create ({@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}), fetch
 * ({@code GET .../Messages/{Sid}.json}) and list ({@code GET .../Messages.json}, see {@link
 * TwilioListing}), behind HTTP Basic auth with the Account SID and auth token; refusals as in
 * {@link TwilioCreateRules}; errors in Twilio's JSON shape ({@link TwilioWire}). Status callbacks
 * are form posts to the message's {@code StatusCallback}, signed with {@code X-Twilio-Signature}
 * exactly as Twilio signs them.
 */
public final class TwilioSimulatedApi implements SimulatedApi {
  /** The provider's name, as the simulator's control API and routing rules know it. */
  public static final String NAME = "twilio";

  private static final String ACCOUNT = "/2010-04-01/Accounts/:AccountSid";
  private static final int REMEMBERED_MESSAGES = ProviderSimulator.CAPACITY;
  private static final int UNREACHABLE_HANDSET = 30003;

  /** {@code RawDlrDoneDate}: the carrier's done date, YYMMDDhhmm. */
  private static final DateTimeFormatter DLR_DONE_DATE =
      DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

  private final String accountSid;
  private final byte[] expectedCredentials;
  private final TwilioRequestSigner signer;
  private final SimulatedTwilioMessages messages = new SimulatedTwilioMessages(REMEMBERED_MESSAGES);
  private SimulatorContext context;

  /**
   * @param accountSid the one account it serves
   * @param authToken that account's auth token: Basic-auth password and callback signing key
   */
  public TwilioSimulatedApi(String accountSid, String authToken) {
    this.accountSid = accountSid;
    this.expectedCredentials = (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8);
    this.signer = new TwilioRequestSigner(authToken);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void mount(Router router, SimulatorContext context) {
    this.context = context;
    router
        .post(ACCOUNT + "/Messages.json")
        .handler(BodyHandler.create().setBodyLimit(64 * 1024).setMergeFormAttributes(false))
        .handler(this::create)
        .failureHandler(
            ctx -> json(ctx, 413, TwilioWire.error(413, 20413, TwilioWire.errorTitle(20413))));
    router.get(ACCOUNT + "/Messages.json").handler(this::list);
    router.get(ACCOUNT + "/Messages/:MessageFile").handler(this::fetch);
    // Lookup lives on another host at Twilio (lookups.twilio.com); its paths never meet the
    // Messaging API's, so both are served under the simulator's /twilio.
    router.get("/v2/PhoneNumbers/:PhoneNumber").handler(this::lookup);
    router.route().handler(this::unknown);
  }

  private void create(RoutingContext ctx) {
    if (!authenticated(ctx)) {
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    Optional<JsonObject> refusal = TwilioCreateRules.refusal(form);
    if (refusal.isPresent()) {
      json(ctx, 400, refusal.get());
      return;
    }
    context.afterFaults(this, ctx, TwilioCreateRules.value(form, "To"), () -> accept(ctx, form));
  }

  private void accept(RoutingContext ctx, MultiMap form) {
    Instant now = context.clock().instant();
    String to = TwilioCreateRules.value(form, "To");
    String from = TwilioCreateRules.value(form, "From");
    String body = form.get("Body") == null ? "" : form.get("Body");
    SimulatedTwilioMessages.Resource queued =
        new SimulatedTwilioMessages.Resource(
            TwilioWire.sid("SM"),
            accountSid,
            to,
            from,
            body,
            Segments.count(body).segments(),
            "queued",
            null,
            now,
            null,
            now);
    messages.add(queued);
    // The response shows the message as Twilio returns it: queued, not yet sent.
    JsonObject created = TwilioWire.message(queued);
    String callback = TwilioCreateRules.value(form, "StatusCallback");
    context.settle(
        this,
        new SimulatedMessage(queued.sid(), name(), "sms", to, from, body, null, callback, now));
    messages.update(queued.sid(), "sent", null, now);
    json(ctx, 201, created);
  }

  private void fetch(RoutingContext ctx) {
    if (!authenticated(ctx)) {
      return;
    }
    String file = ctx.pathParam("MessageFile");
    String sid = file.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : "";
    context.afterFaults(
        this,
        ctx,
        null,
        () ->
            messages
                .get(sid)
                .filter(m -> m.accountSid().equals(accountSid))
                .ifPresentOrElse(m -> json(ctx, 200, TwilioWire.message(m)), () -> notFound(ctx)));
  }

  private void list(RoutingContext ctx) {
    if (!authenticated(ctx)) {
      return;
    }
    TwilioListing.Query query;
    try {
      query = TwilioListing.Query.of(ctx.queryParams());
    } catch (TwilioListing.InvalidQuery e) {
      json(ctx, 400, e.body());
      return;
    }
    context.afterFaults(
        this, ctx, null, () -> json(ctx, 200, TwilioListing.page(messages, accountSid, query)));
  }

  private void lookup(RoutingContext ctx) {
    if (!authenticated(ctx)) {
      return;
    }
    String number = ctx.pathParam("PhoneNumber");
    String countryCode = ctx.queryParams().get("CountryCode");
    Set<String> packages;
    try {
      packages = TwilioLookups.packages(ctx.queryParams().get("Fields"));
    } catch (IllegalArgumentException e) {
      // Twilio documents no code for an unknown package; 20001 is its generic invalid parameter.
      json(ctx, 400, TwilioWire.error(400, 20001, e.getMessage()));
      return;
    }
    context.afterFaults(
        this,
        ctx,
        TwilioLookups.e164(number, countryCode),
        () ->
            json(
                ctx,
                200,
                TwilioLookups.answer(
                    number,
                    countryCode,
                    packages,
                    context.settings(name()).simSwapped(),
                    context.clock().instant())));
  }

  private void unknown(RoutingContext ctx) {
    if (!authenticated(ctx)) {
      return;
    }
    if (ctx.request().path().contains("/Messages")) {
      json(ctx, 405, TwilioWire.error(405, 20004, "Method not allowed"));
    } else {
      notFound(ctx);
    }
  }

  /**
   * HTTP Basic with the Account SID and auth token, for the Account SID in the path; anything else
   * is Twilio's 401 with code 20003 ({@code https://www.twilio.com/docs/api/errors/20003}).
   */
  private boolean authenticated(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    byte[] given = new byte[0];
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        given = Base64.getDecoder().decode(header.substring(6).strip());
      } catch (IllegalArgumentException e) {
        given = new byte[0];
      }
    }
    String pathAccount = ctx.pathParam("AccountSid");
    boolean ok =
        MessageDigest.isEqual(given, expectedCredentials)
            && (pathAccount == null || pathAccount.equals(accountSid));
    if (!ok) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Twilio API\"");
      json(ctx, 401, TwilioWire.error(401, 20003, "Authenticate"));
    }
    return ok;
  }

  private static void notFound(RoutingContext ctx) {
    json(ctx, 404, TwilioWire.error(404, 20404, TwilioWire.errorTitle(20404)));
  }

  @Override
  public Set<String> ownSettings() {
    return Set.of("sim_swapped");
  }

  @Override
  public void respondInjectedError(RoutingContext routing, int status) {
    json(routing, status, TwilioWire.injectedError(status));
  }

  @Override
  public Future<Void> sendReceipt(SimulatedMessage message, DeliveryReceipt.Status status) {
    String twilioStatus =
        switch (status) {
          case DELIVERED -> "delivered";
          case FAILED -> "undelivered";
          case SENT -> "sent";
        };
    Integer errorCode = status == DeliveryReceipt.Status.FAILED ? UNREACHABLE_HANDSET : null;
    Instant now = context.clock().instant();
    messages.update(message.id(), twilioStatus, errorCode, now);

    // The parameters of an SMS status callback (Twilio's "Track the Message Status of Outbound
    // Messages" guide), sorted by name as Twilio's signature sorts them.
    Map<String, String> params = new TreeMap<>();
    params.put("AccountSid", accountSid);
    params.put("ApiVersion", TwilioWire.API_VERSION);
    if (errorCode != null) {
      params.put("ErrorCode", errorCode.toString());
    }
    if (message.from() != null) {
      params.put("From", message.from());
    }
    params.put("MessageSid", message.id());
    params.put("MessageStatus", twilioStatus);
    if (status.isFinal()) {
      params.put("RawDlrDoneDate", DLR_DONE_DATE.format(now));
    }
    params.put("SmsSid", message.id());
    params.put("SmsStatus", twilioStatus);
    params.put("To", message.to());

    String url =
        message.callbackUrl() != null ? message.callbackUrl() : context.defaultReceiptUrl(name());
    try {
      return post(url, params);
    } catch (IllegalStateException e) {
      // The simulator closed its client while this receipt was still scheduled.
      return Future.failedFuture(e);
    }
  }

  private Future<Void> post(String url, Map<String, String> params) {
    return context
        .client()
        .postAbs(url)
        .putHeader("Content-Type", "application/x-www-form-urlencoded")
        .putHeader("User-Agent", "TwilioProxy/1.1")
        .putHeader("X-Twilio-Signature", signer.sign(url, params))
        .sendBuffer(Buffer.buffer(FormBody.encode(params)))
        .compose(
            response ->
                response.statusCode() / 100 == 2
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture("the callback answered " + response.statusCode()));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Twilio-Request-Id", TwilioWire.sid("RQ"))
        .end(body.toBuffer());
  }
}
