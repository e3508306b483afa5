package dev.otpgateway.verification;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventSink;
import dev.otpgateway.events.EventType;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.tenancy.CallbackClient;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells a tenant's status callback URL about each change of its verifications, read off the event
 * stream and signed so the tenant can trust it: {@code Otpgw-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA-256 of "t.body">} under the tenant's callback secret. Each callback carries the event's
 * id: a tenant that hears of one twice (a member died after posting it) can tell. Posting happens
 * off the request path, only where the tenant callback policy allows (no private network, checked
 * after DNS), with a few retries; a callback that still fails is logged (without its body) and
 * dropped, as the verification itself stays readable through the API.
 */
public final class StatusCallbacks implements EventSink {
  private static final Logger LOG = Logger.getLogger(StatusCallbacks.class.getName());
  public static final String SIGNATURE_HEADER = "Otpgw-Signature";

  /**
   * Waits before each retry of a failed callback: about half a minute in all. Not configurable: a
   * tenant whose endpoint is down longer reads its verifications through the API (or the ledger),
   * and retries held longer would only pile up on a member.
   */
  private static final long[] RETRY_DELAYS_MS = {1_000, 5_000, 25_000};

  /** What a tenant hears about: changes of status, and what it may act on. */
  private static final Set<EventType> ANNOUNCED =
      EnumSet.of(
          EventType.PENDING_PUSH,
          EventType.SENT,
          EventType.SEND_FAILED,
          EventType.RESENT,
          EventType.FAILOVER,
          EventType.DELIVERED,
          EventType.UNDELIVERED,
          EventType.APPROVED,
          EventType.CHECK_FAILED,
          EventType.EXPIRED,
          EventType.CANCELED,
          EventType.BUDGET_THRESHOLD);

  private final Vertx vertx;
  private final TenantService tenants;
  private final CallbackClient client;
  private final Clock clock;

  /**
   * @param client posts only where the tenant callback policy allows (no private network)
   */
  public StatusCallbacks(Vertx vertx, TenantService tenants, Clock clock, CallbackClient client) {
    this.vertx = vertx;
    this.tenants = tenants;
    this.clock = clock;
    this.client = client;
  }

  @Override
  public void accept(List<Event> events) {
    for (Event e : events) {
      if (announced(e)) {
        tenants
            .get(e.tenant())
            .onSuccess(
                tenant -> {
                  if (tenant.statusCallbackUrl() != null && tenant.callbackSecret() != null) {
                    post(tenant, body(e).toBuffer(), 0);
                  }
                });
      }
    }
  }

  /**
   * Whether the tenant hears of this event: a message sent (not each resend's or failover's own
   * send, which {@code resent} and {@code failover} announce), a failed send only when it failed
   * the verification, a failed check only when it killed it.
   */
  private static boolean announced(Event e) {
    if (!ANNOUNCED.contains(e.type())) {
      return false;
    }
    return switch (e.type()) {
      case SENT -> SendTrigger.INITIAL.wireName().equals(e.outcome());
      case SEND_FAILED, CHECK_FAILED -> VerificationStatus.FAILED.wireName().equals(e.status());
      default -> true;
    };
  }

  /** The callback's body: what changed, and the verification's state after it. */
  static JsonObject body(Event e) {
    JsonObject body = new JsonObject().put("event", callbackName(e)).put("event_id", e.id());
    if (e.type() == EventType.BUDGET_THRESHOLD) {
      body.put("tenant", e.tenant());
      e.detail().forEach(body::put);
      return body.put("at", Instant.ofEpochMilli(e.at()).toString());
    }
    body.put("id", e.verification())
        .put("status", e.status())
        .put("to", Destination.mask(e.to()))
        .put("attempts_left", e.attemptsLeft())
        .put("at", Instant.ofEpochMilli(e.at()).toString());
    if (e.provider() != null) {
      body.put("provider", e.provider()).put("channel", e.channel().id());
    }
    if (e.userRef() != null) {
      body.put("user_ref", e.userRef());
    }
    return body;
  }

  /** As DESIGN names them: a failed send or check that ended it is {@code failed}. */
  private static String callbackName(Event e) {
    return switch (e.type()) {
      case BUDGET_THRESHOLD -> "budget.threshold";
      case SEND_FAILED, CHECK_FAILED -> VerificationStatus.FAILED.wireName();
      default -> e.type().wireName();
    };
  }

  private void post(Tenant tenant, Buffer body, int attempt) {
    long timestamp = clock.millis() / 1000;
    String signature = "t=" + timestamp + ",v1=" + sign(tenant.callbackSecret(), timestamp, body);
    client
        .post(
            tenant.statusCallbackUrl(),
            Map.of(
                "Content-Type",
                "application/json",
                SIGNATURE_HEADER,
                signature,
                "User-Agent",
                "otp-gateway"),
            body)
        .onComplete(
            ar -> {
              boolean ok = ar.succeeded() && ar.result() / 100 == 2;
              if (ok) {
                return;
              }
              if (ar.cause() instanceof CallbackClient.RefusedException refused) {
                LOG.warning(
                    "status callback to tenant "
                        + tenant.id()
                        + " refused: "
                        + refused.getMessage());
                return;
              }
              if (attempt < RETRY_DELAYS_MS.length) {
                vertx.setTimer(RETRY_DELAYS_MS[attempt], t -> post(tenant, body, attempt + 1));
              } else {
                LOG.warning(
                    "status callback to tenant "
                        + tenant.id()
                        + " failed "
                        + (attempt + 1)
                        + " times; dropped ("
                        + (ar.succeeded()
                            ? "HTTP " + ar.result()
                            : ar.cause().getClass().getSimpleName())
                        + ")");
              }
            });
  }

  /** Hex HMAC-SHA-256 of {@code "<timestamp>.<body>"}: what a tenant recomputes to verify. */
  public static String sign(String secret, long timestamp, Buffer body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  public void close() {
    client.close();
  }
}
