package dev.otpgateway.verification;

import dev.otpgateway.numbers.Destination;
import dev.otpgateway.tenancy.CallbackClient;
import dev.otpgateway.tenancy.Tenant;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells a tenant's status callback URL about each change of a verification, signed so the tenant
 * can trust it: {@code Otpgw-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "t.body">} under
 * the tenant's callback secret. Posting happens off the request path, with a few retries; a
 * callback that still fails is logged (without its body) and dropped, as the verification itself
 * stays readable through the API.
 */
public final class StatusCallbacks {
  private static final Logger LOG = Logger.getLogger(StatusCallbacks.class.getName());
  public static final String SIGNATURE_HEADER = "Otpgw-Signature";
  private static final long[] RETRY_DELAYS_MS = {1_000, 5_000, 25_000};

  private final Vertx vertx;
  private final CallbackClient client;
  private final Clock clock;

  /**
   * @param client posts only where the tenant callback policy allows (no private network)
   */
  public StatusCallbacks(Vertx vertx, Clock clock, CallbackClient client) {
    this.vertx = vertx;
    this.clock = clock;
    this.client = client;
  }

  /** Posts the verification's state to the tenant, when it asked for callbacks. */
  public void changed(Tenant tenant, Verification v, String event) {
    if (tenant == null || tenant.statusCallbackUrl() == null || tenant.callbackSecret() == null) {
      return;
    }
    long now = clock.millis();
    JsonObject body =
        new JsonObject()
            .put("event", event)
            .put("id", v.id())
            .put("status", v.visibleStatus(now))
            .put("to", Destination.mask(v.to()))
            .put("attempts_left", Verification.MAX_CHECKS - v.failedChecks())
            .put("at", Instant.ofEpochMilli(now).toString());
    Attempt latest = latestAccepted(v);
    if (latest != null) {
      body.put("provider", latest.provider()).put("channel", latest.channel());
    }
    if (v.request().userRef() != null) {
      body.put("user_ref", v.request().userRef());
    }
    post(tenant, body.toBuffer(), 0);
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

  private static Attempt latestAccepted(Verification v) {
    Attempt latest = null;
    for (Attempt a : v.attempts()) {
      if (a.accepted()) {
        latest = a;
      }
    }
    return latest;
  }

  public void close() {
    client.close();
  }
}
