package dev.otpgateway.providers.rbm;

import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.FailureClassifier;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.providers.RcsProvider;
import dev.otpgateway.providers.ReceiptVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Google RCS Business Messaging over its REST API (the RBM Java helper is not in our registry, and
 * the surface is three calls). Paths and parameters follow the generated client {@code
 * RCSBusinessMessaging} in rbm-api-examples (java/rcs-business-messaging) and the
 * phones.getCapabilities, phones.agentMessages.create and phones.agentMessages.delete references:
 *
 * <ul>
 *   <li>{@code GET /v1/phones/{E.164}/capabilities?agentId&requestId}: 200 with {@code features},
 *       404 when RBM cannot reach the handset;
 *   <li>{@code POST /v1/phones/{E.164}/agentMessages?messageId&agentId} with an {@code
 *       AgentMessage}: 200 with the message as stored, 404 when the handset cannot take RCS;
 *   <li>{@code DELETE /v1/phones/{E.164}/agentMessages/{messageId}?agentId}: 200 when revoked, 404
 *       when it was delivered already.
 * </ul>
 *
 * <p>Authentication is {@code Authorization: Bearer} with a ready OAuth 2.0 access token (scope
 * {@code https://www.googleapis.com/auth/rcsbusinessmessaging}) from configuration.
 *
 * <p>RBM has no per-message callback and no client-reference field: its webhook is set per agent in
 * the Business Communications Developer Console, and its events name only the message id. So {@link
 * OutboundMessage#callbackUrl()} is not sent, and our reference travels inside the message id
 * ({@link RbmMessageIds}). The sender is the agent itself, so {@link OutboundMessage#sender()} is
 * not sent either.
 */
public final class RbmProvider implements RcsProvider {
  public static final String NAME = "rbm";

  /**
   * The longest {@code ttl} RBM takes: "The maximum value for ttl and expireTime is 15 days after
   * message submission" ("Send messages", Set message expiration).
   */
  static final Duration MAX_TTL = Duration.ofDays(15);

  private final RbmSettings settings;
  private final WebClient client;
  private final String phonesUrl;
  private final long timeoutMs;
  private final long connectTimeoutMs;
  private final RcsCapabilityCache capabilities;
  private final RbmReceiptVerifier receipts;

  public RbmProvider(Vertx vertx, RbmSettings settings) {
    this(vertx, settings, Clock.systemUTC());
  }

  /**
   * @param clock ages the capability cache and dates receipts that carry no time
   */
  public RbmProvider(Vertx vertx, RbmSettings settings, Clock clock) {
    this.settings = settings;
    this.timeoutMs = settings.timeout().toMillis();
    // Shorter than the whole call, so a host that never accepts the connection fails as a connect
    // error (nothing written: RETRYABLE) before the response timeout (maybe written: AMBIGUOUS).
    this.connectTimeoutMs = Math.max(1, timeoutMs / 2);
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) connectTimeoutMs)
                .setUserAgent("otp-gateway")
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(64));
    this.phonesUrl = stripTrailingSlash(settings.baseUrl()) + "/v1/phones/";
    this.capabilities = new RcsCapabilityCache(clock, RcsCapabilityCache.MAX_NUMBERS);
    this.receipts = new RbmReceiptVerifier(settings.webhookToken(), clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Boolean> knownCapability(String e164) {
    return capabilities.get(e164);
  }

  @Override
  public Future<Boolean> isRcsCapable(String e164) {
    Optional<Boolean> known = capabilities.get(e164);
    if (known.isPresent()) {
      return Future.succeededFuture(known.get());
    }
    HttpRequest<Buffer> request =
        client
            .getAbs(phonesUrl + e164 + "/capabilities")
            .addQueryParam("agentId", settings.agentId())
            // Must be a UUID; RBM ignores a request whose id it has seen before.
            .addQueryParam("requestId", UUID.randomUUID().toString());
    return exchange(request, HttpRequest::send)
        .compose(
            response -> {
              int status = response.statusCode();
              if (status == 200 || status == 404) {
                boolean capable = status == 200;
                capabilities.remember(e164, capable);
                return Future.succeededFuture(capable);
              }
              return Future.failedFuture(RbmFailures.ofCall(error(response)));
            });
  }

  @Override
  public Future<Accepted> send(OutboundMessage message) {
    String messageId = RbmMessageIds.forReference(message.reference());
    JsonObject agentMessage =
        new JsonObject()
            .put("contentMessage", new JsonObject().put("text", message.body()))
            // Lets RBM revoke the message itself if we cannot (and then send the
            // TTL_EXPIRATION_REVOKED event), so a late RCS copy never follows the SMS fallback.
            .put("ttl", ttl(message.validity()));
    HttpRequest<Buffer> request =
        client
            .postAbs(phonesUrl + message.to() + "/agentMessages")
            .addQueryParam("messageId", messageId)
            .addQueryParam("agentId", settings.agentId());
    return exchange(request, r -> r.sendJsonObject(agentMessage))
        .compose(
            response -> {
              int status = response.statusCode();
              if (status == 200) {
                // RBM only takes a message for a handset it can reach over RCS.
                capabilities.remember(message.to(), true);
                return Future.succeededFuture(new Accepted(idOf(response, messageId), 0));
              }
              if (status == 409) {
                // ALREADY_EXISTS: RBM took a message with this id before, and the id is derived
                // from our reference, so this is our own earlier send (one that timed out, say).
                // RBM does not send it twice; the message is accepted.
                return Future.succeededFuture(new Accepted(messageId, 0));
              }
              if (status == 404) {
                capabilities.remember(message.to(), false);
              }
              return Future.failedFuture(RbmFailures.ofSend(error(response)));
            });
  }

  /**
   * RBM has no way to read an agent message back: the {@code phones.agentMessages} collection has
   * only {@code create} and {@code delete}. A resend through RBM with the same reference is safe
   * anyway (same message id, answered 409, never sent twice), but only the caller knows whether it
   * wants that, so this answers "cannot tell".
   */
  @Override
  public Future<Accepted> lookup(OutboundMessage message) {
    return Future.failedFuture(
        new ProviderException(
            NAME,
            FailureKind.AMBIGUOUS,
            0,
            "lookup_unsupported",
            "RBM has no API to read an agent message back"));
  }

  @Override
  public Future<Boolean> revoke(OutboundMessage message) {
    String messageId = RbmMessageIds.forReference(message.reference());
    HttpRequest<Buffer> request =
        client
            .deleteAbs(phonesUrl + message.to() + "/agentMessages/" + messageId)
            .addQueryParam("agentId", settings.agentId());
    return exchange(request, HttpRequest::send)
        .compose(
            response ->
                switch (response.statusCode()) {
                  case 200 -> Future.succeededFuture(true);
                  // "A 404 Not Found response means the revocation attempt has failed because the
                  // message was delivered." (phones.agentMessages.delete)
                  case 404 -> Future.succeededFuture(false);
                  default -> Future.failedFuture(RbmFailures.ofCall(error(response)));
                });
  }

  @Override
  public ReceiptVerifier receipts() {
    return receipts;
  }

  /** RBM echoes only its UUID message id, which cannot carry our full reference. */
  @Override
  public boolean receiptsNameReference() {
    return false;
  }

  private Future<HttpResponse<Buffer>> exchange(
      HttpRequest<Buffer> request,
      Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> send) {
    request
        .bearerTokenAuthentication(settings.accessToken())
        .connectTimeout(connectTimeoutMs)
        .idleTimeout(timeoutMs);
    // The idle timeout restarts with every byte; this bounds the whole call.
    return send.apply(request)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(FailureClassifier.fromThrowable(NAME, failure)));
  }

  private static GoogleApiError error(HttpResponse<Buffer> response) {
    return GoogleApiError.read(response.statusCode(), response.body());
  }

  /** The message id from the stored message's name, {@code phones/{E.164}/agentMessages/{id}}. */
  private static String idOf(HttpResponse<Buffer> response, String sentId) {
    try {
      if (response.body() != null
          && response.body().toJsonValue() instanceof JsonObject stored
          && stored.getValue("name") instanceof String name
          && name.contains("/agentMessages/")) {
        return name.substring(name.lastIndexOf('/') + 1);
      }
    } catch (RuntimeException unreadable) {
      // A 200 is an acceptance whatever its body says; the id we sent is the id.
    }
    return sentId;
  }

  /**
   * A protobuf Duration in JSON: whole seconds with an {@code s}, at least one second and at most
   * {@link #MAX_TTL}.
   */
  static String ttl(Duration validity) {
    return Math.max(1, Math.min(MAX_TTL.toSeconds(), validity.toSeconds())) + "s";
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
