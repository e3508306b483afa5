package dev.otpgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.messagebird.MessageBirdSignature;
import dev.otpgateway.providers.rbm.RbmMessageIds;
import dev.otpgateway.providers.rbm.RbmSignature;
import dev.otpgateway.providers.sinch.SinchSignature;
import dev.otpgateway.providers.twilio.TwilioSignature;
import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.RulesCopy;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delivery receipts at {@code /webhooks/<provider>}, as each provider signs them. The gateway runs
 * the built-in simulator with credentials given in its configuration, so this test knows the
 * secrets and can sign receipts the way each provider does, then forge, strip, tamper with, age and
 * replay them. The simulator sends no receipts of its own here ({@code dlr: none}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIT {
  private static final String TWILIO_SID = "AC" + "0123456789abcdef".repeat(2);
  private static final String TWILIO_TOKEN = "twilio-webhook-test-token";
  private static final String SINCH_SECRET = "sinch-webhook-test-secret";
  private static final String MB_SIGNING = "mb-webhook-test-signing-key";
  private static final String RBM_AGENT = "otp-gateway-webhook-agent";
  private static final String RBM_CLIENT_TOKEN = "rbm-webhook-test-client-token";
  private static final String WRONG = "not-the-secret";
  private static final List<String> SMS = List.of("twilio", "sinch", "messagebird");
  private static final String RCS_NUMBER = "+12025550173";

  private TestGateway gw;
  private String key;

  @BeforeAll
  void start() {
    gw =
        TestGateway.start(
            Map.ofEntries(
                Map.entry("OTPGW_SIMULATOR", "true"),
                Map.entry("OTPGW_PROVIDERS_TWILIO_ACCOUNT_SID", TWILIO_SID),
                Map.entry("OTPGW_PROVIDERS_TWILIO_AUTH_TOKEN", TWILIO_TOKEN),
                Map.entry("OTPGW_PROVIDERS_SINCH_SERVICE_PLAN_ID", "webhooktestplan"),
                Map.entry("OTPGW_PROVIDERS_SINCH_API_TOKEN", "sinch-webhook-test-api-token"),
                Map.entry("OTPGW_PROVIDERS_SINCH_WEBHOOK_SECRET", SINCH_SECRET),
                Map.entry("OTPGW_PROVIDERS_MESSAGEBIRD_ACCESS_KEY", "mb-webhook-test-access"),
                Map.entry("OTPGW_PROVIDERS_MESSAGEBIRD_SIGNING_KEY", MB_SIGNING),
                Map.entry("OTPGW_PROVIDERS_RBM_AGENT_ID", RBM_AGENT),
                Map.entry("OTPGW_PROVIDERS_RBM_ACCESS_TOKEN", "rbm-webhook-test-access"),
                Map.entry("OTPGW_PROVIDERS_RBM_WEBHOOK_TOKEN", RBM_CLIENT_TOKEN),
                // Steering each message to one provider makes the others fail: no breaker opens.
                Map.entry("OTPGW_BREAKER_MAX_FAILURES", "1000"),
                // No delivery timeout runs out while a test holds a receipt back.
                Map.entry(
                    "OTPGW_RULES_DIR",
                    RulesCopy.ofShipped().usDeliveryTimeouts(300_000, 300_000).dir())));
    key = gw.createTenant("hooks", 3);
    gw.fault("rbm", "{\"rcs_capable\": [\"" + RCS_NUMBER + "\"], \"dlr\": \"none\"}");
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @AfterEach
  void eventLoopsNeverBlocked() {
    TestGateway.assertNoBlockedThreads();
  }

  /** A webhook call as a provider makes it. */
  record Call(String method, String pathAndQuery, Map<String, String> headers, String body) {}

  private ApiResponse send(Call call) {
    return gw.api.send(call.method(), call.pathAndQuery(), null, call.body(), call.headers());
  }

  /** Starts a verification that only {@code provider} can carry, and sends no receipt for it. */
  private String pendingVia(String provider, String to) {
    String reference;
    if (provider.equals("rbm")) {
      ApiResponse r = gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
      assertThat(r.json().getString("provider")).isEqualTo("rbm");
      reference = r.json().getString("id") + ".1";
    } else {
      for (String other : SMS) {
        gw.fault(other, other.equals(provider) ? "{\"dlr\": \"none\"}" : "{\"down\": true}");
      }
      try {
        ApiResponse r = gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
        assertThat(r.status()).as("start: %s", r).isEqualTo(201);
        assertThat(r.json().getString("provider")).isEqualTo(provider);
        // Attempts are numbered from 1 in the order made; the accepted one is the last.
        reference = r.json().getString("id") + "." + r.json().getJsonArray("attempts").size();
      } finally {
        SMS.forEach(gw::heal);
      }
    }
    return reference;
  }

  private JsonObject read(String reference) {
    String id = reference.substring(0, reference.lastIndexOf('.'));
    return gw.api.get("/v1/verifications/" + id, key).json();
  }

  private static JsonObject attempt(JsonObject v, String reference) {
    int number = Integer.parseInt(reference.substring(reference.lastIndexOf('.') + 1));
    return v.getJsonArray("attempts").getJsonObject(number - 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"twilio", "sinch", "messagebird", "rbm"})
  void only_a_genuine_fresh_receipt_moves_delivery_and_only_forward(String provider) {
    Receipts receipts = Receipts.of(provider, gw.gateway.baseUrl());
    String to = provider.equals("rbm") ? RCS_NUMBER : "+1202555017" + SMS.indexOf(provider);
    String reference = pendingVia(provider, to);
    JsonObject before = read(reference);
    assertThat(attempt(before, reference).getString("delivery")).isEqualTo("pending");
    double deliveries = Scrape.sum(gw, "otp_delivery_seconds_count", Map.of("provider", provider));
    double delivered =
        Scrape.sum(gw, "otp_messages_total", Map.of("provider", provider, "outcome", "delivered"));

    ApiResponse forged = send(receipts.call(reference, to, true, WRONG));
    ApiResponse unsigned = send(receipts.unsigned(reference, to));
    ApiResponse tampered = send(receipts.tampered(reference, to));
    List<ApiResponse> refusedOtherwise =
        receipts.otherForgeries(reference, to).stream().map(this::send).toList();

    assertThat(forged.status()).as("forged: %s", forged).isEqualTo(403);
    assertThat(unsigned.status()).as("unsigned: %s", unsigned).isEqualTo(401);
    assertThat(unsigned.header("WWW-Authenticate")).isNotNull();
    assertThat(tampered.status()).as("tampered: %s", tampered).isEqualTo(403);
    refusedOtherwise.forEach(r -> assertThat(r.status()).as("%s", r).isEqualTo(403));
    assertThat(read(reference)).as("nothing changed").isEqualTo(before);

    String unknown = "ver_" + "a".repeat(26) + ".1";
    ApiResponse stranger = send(receipts.call(unknown, to, true, receipts.secret()));
    assertThat(stranger.status()).as("unknown message: %s", stranger).isEqualTo(200);
    assertThat(stranger.json().getInteger("applied")).isZero();
    assertThat(read(reference)).isEqualTo(before);

    Call genuine = receipts.call(reference, to, true, receipts.secret());
    ApiResponse taken = send(genuine);
    assertThat(taken.status()).as("genuine: %s", taken).isEqualTo(200);
    assertThat(taken.json().getInteger("applied")).isEqualTo(1);
    JsonObject after = read(reference);
    assertThat(attempt(after, reference).getString("delivery")).isEqualTo("delivered");
    assertThat(after.getString("status")).isEqualTo("delivered");
    assertThat(Scrape.sum(gw, "otp_delivery_seconds_count", Map.of("provider", provider)))
        .isEqualTo(deliveries + 1);
    assertThat(
            Scrape.sum(
                gw, "otp_messages_total", Map.of("provider", provider, "outcome", "delivered")))
        .isEqualTo(delivered + 1);

    ApiResponse replayed = send(genuine);
    if (receipts.refusesReplays()) {
      assertThat(replayed.status()).as("replayed: %s", replayed).isEqualTo(403);
    } else {
      assertThat(replayed.status()).as("replayed: %s", replayed).isEqualTo(200);
      assertThat(replayed.json().getInteger("applied")).isZero();
    }
    ApiResponse lateFailure = send(receipts.call(reference, to, false, receipts.secret()));
    assertThat(lateFailure.status()).as("failed after delivered: %s", lateFailure).isEqualTo(200);
    assertThat(lateFailure.json().getInteger("applied")).isZero();
    assertThat(read(reference)).as("states only move forward, no failover").isEqualTo(after);
    assertThat(Scrape.sum(gw, "otp_delivery_seconds_count", Map.of("provider", provider)))
        .isEqualTo(deliveries + 1);
  }

  @Test
  void rbm_handshake_echoes_the_secret_for_our_client_token_only() {
    ApiResponse ours =
        gw.api.post(
            "/webhooks/rbm",
            null,
            "{\"clientToken\":\"" + RBM_CLIENT_TOKEN + "\",\"secret\":\"hs-7f3a\"}");
    ApiResponse theirs =
        gw.api.post(
            "/webhooks/rbm", null, "{\"clientToken\":\"someone-else\",\"secret\":\"hs-7f3a\"}");

    assertThat(ours.status()).isEqualTo(200);
    assertThat(ours.contentType()).startsWith("text/plain");
    assertThat(ours.body()).isEqualTo("hs-7f3a");
    assertThat(theirs.status()).isEqualTo(403);
    assertThat(theirs.body()).doesNotContain("hs-7f3a");
  }

  /** How one provider signs a receipt, and the ways to get that wrong. */
  abstract static class Receipts {
    final String base;

    Receipts(String base) {
      this.base = base;
    }

    static Receipts of(String provider, String base) {
      return switch (provider) {
        case "twilio" -> new Twilio(base);
        case "sinch" -> new Sinch(base);
        case "messagebird" -> new MessageBird(base);
        case "rbm" -> new Rbm(base);
        default -> throw new IllegalArgumentException(provider);
      };
    }

    /** The secret the gateway verifies this provider's receipts with. */
    abstract String secret();

    /** A receipt saying delivered (or failed), signed with {@code secret}. */
    abstract Call call(String reference, String to, boolean delivered, String secret);

    abstract Call unsigned(String reference, String to);

    /** A genuine delivered receipt whose content was changed after signing. */
    abstract Call tampered(String reference, String to);

    /** The provider's own ways a signature can be unusable. */
    List<Call> otherForgeries(String reference, String to) {
      return List.of();
    }

    /** Whether a replay is refused outright (nonce, jti), not just applied as a no-op. */
    boolean refusesReplays() {
      return false;
    }

    static String enc(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String form(Map<String, String> params) {
      return params.entrySet().stream()
          .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
          .collect(Collectors.joining("&"));
    }

    static Map<String, String> without(Map<String, String> headers, String name) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.remove(name);
      return copy;
    }
  }

  /** Form POST to the callback URL, which carries our reference; HMAC-SHA1 over URL and params. */
  static final class Twilio extends Receipts {
    Twilio(String base) {
      super(base);
    }

    @Override
    String secret() {
      return TWILIO_TOKEN;
    }

    private static String path(String reference) {
      return "/webhooks/twilio?ref=" + enc(reference);
    }

    private static Map<String, String> params(String to, String status) {
      Map<String, String> p = new TreeMap<>();
      p.put("AccountSid", TWILIO_SID);
      p.put("ApiVersion", "2010-04-01");
      p.put("MessageSid", "SM" + "0".repeat(32));
      p.put("MessageStatus", status);
      p.put("SmsSid", "SM" + "0".repeat(32));
      p.put("SmsStatus", status);
      p.put("To", to);
      if (!status.equals("delivered")) {
        p.put("ErrorCode", "30003");
      }
      return p;
    }

    private Call signed(
        String reference, Map<String, String> signed, Map<String, String> sent, String token) {
      String path = path(reference);
      return new Call(
          "POST",
          path,
          Map.of(
              "Content-Type",
              "application/x-www-form-urlencoded",
              "X-Twilio-Signature",
              new TwilioSignature(token).sign(base + path, signed)),
          form(sent));
    }

    @Override
    Call call(String reference, String to, boolean delivered, String secret) {
      Map<String, String> p = params(to, delivered ? "delivered" : "undelivered");
      return signed(reference, p, p, secret);
    }

    @Override
    Call unsigned(String reference, String to) {
      Call c = call(reference, to, true, TWILIO_TOKEN);
      return new Call(
          c.method(), c.pathAndQuery(), without(c.headers(), "X-Twilio-Signature"), c.body());
    }

    @Override
    Call tampered(String reference, String to) {
      return signed(reference, params(to, "undelivered"), params(to, "delivered"), TWILIO_TOKEN);
    }
  }

  /** JSON delivery report; HMAC-SHA256 over body, nonce and timestamp. */
  static final class Sinch extends Receipts {
    Sinch(String base) {
      super(base);
    }

    @Override
    String secret() {
      return SINCH_SECRET;
    }

    private static String report(String reference, String to, String status) {
      Instant now = Instant.now();
      return new JsonObject()
          .put("at", now.toString())
          .put("batch_id", "01J" + "0".repeat(23))
          .put("client_reference", reference)
          .put("code", status.equals("Delivered") ? 0 : 404)
          .put("operator_status_at", now.toString())
          .put("recipient", to.substring(1))
          .put("status", status)
          .put("type", "recipient_delivery_report_sms")
          .encode();
    }

    private static Call signed(String signedBody, String sentBody, String secret, long at) {
      String nonce = UUID.randomUUID().toString();
      String timestamp = Long.toString(at);
      return new Call(
          "POST",
          "/webhooks/sinch",
          Map.of(
              "Content-Type",
              "application/json",
              SinchSignature.SIGNATURE_HEADER,
              SinchSignature.compute(
                  secret, signedBody.getBytes(StandardCharsets.UTF_8), nonce, timestamp),
              SinchSignature.NONCE_HEADER,
              nonce,
              SinchSignature.TIMESTAMP_HEADER,
              timestamp,
              SinchSignature.ALGORITHM_HEADER,
              SinchSignature.ALGORITHM),
          sentBody);
    }

    @Override
    Call call(String reference, String to, boolean delivered, String secret) {
      String body = report(reference, to, delivered ? "Delivered" : "Failed");
      return signed(body, body, secret, Instant.now().getEpochSecond());
    }

    @Override
    Call unsigned(String reference, String to) {
      Call c = call(reference, to, true, SINCH_SECRET);
      return new Call(
          c.method(),
          c.pathAndQuery(),
          without(c.headers(), SinchSignature.SIGNATURE_HEADER),
          c.body());
    }

    @Override
    Call tampered(String reference, String to) {
      return signed(
          report(reference, to, "Failed"),
          report(reference, to, "Delivered"),
          SINCH_SECRET,
          Instant.now().getEpochSecond());
    }

    @Override
    List<Call> otherForgeries(String reference, String to) {
      String body = report(reference, to, "Delivered");
      return List.of(signed(body, body, SINCH_SECRET, Instant.now().getEpochSecond() - 600));
    }

    @Override
    boolean refusesReplays() {
      return true;
    }
  }

  /** Status report by GET, its fields in the query; a JWT binds the URL. */
  static final class MessageBird extends Receipts {
    MessageBird(String base) {
      super(base);
    }

    @Override
    String secret() {
      return MB_SIGNING;
    }

    private static String path(String reference, String to, String status) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("id", "f".repeat(32));
      p.put("reference", reference);
      p.put("recipient", to.substring(1));
      p.put("status", status);
      p.put("statusDatetime", Instant.now().toString());
      return "/webhooks/messagebird?" + form(p);
    }

    private Call signed(String signedPath, String sentPath, String key) {
      Instant now = Instant.now();
      String token =
          new MessageBirdSignature(key)
              .sign(
                  base + signedPath,
                  new byte[0],
                  now,
                  now.plusSeconds(60),
                  UUID.randomUUID().toString());
      return new Call("GET", sentPath, Map.of(MessageBirdSignature.HEADER, token), null);
    }

    @Override
    Call call(String reference, String to, boolean delivered, String secret) {
      String path = path(reference, to, delivered ? "delivered" : "delivery_failed");
      return signed(path, path, secret);
    }

    @Override
    Call unsigned(String reference, String to) {
      return new Call("GET", path(reference, to, "delivered"), Map.of(), null);
    }

    @Override
    Call tampered(String reference, String to) {
      return signed(
          path(reference, to, "delivery_failed"), path(reference, to, "delivered"), MB_SIGNING);
    }

    /** The genuine token's claims under a header that names no algorithm to check it with. */
    @Override
    List<Call> otherForgeries(String reference, String to) {
      Call genuine = call(reference, to, true, MB_SIGNING);
      String[] parts = genuine.headers().get(MessageBirdSignature.HEADER).split("\\.");
      String none =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
      return List.of(
          new Call(
              "GET",
              genuine.pathAndQuery(),
              Map.of(MessageBirdSignature.HEADER, none + "." + parts[1] + "."),
              null));
    }

    @Override
    boolean refusesReplays() {
      return true;
    }
  }

  /**
   * A Pub/Sub-shaped envelope whose {@code message.data} is the base64 event; HMAC-SHA512 over the
   * event. The event names only RBM's message id, derived from our reference.
   */
  static final class Rbm extends Receipts {
    Rbm(String base) {
      super(base);
    }

    @Override
    String secret() {
      return RBM_CLIENT_TOKEN;
    }

    private static byte[] event(String reference, String to, boolean delivered) {
      JsonObject event =
          new JsonObject()
              .put(delivered ? "senderPhoneNumber" : "phoneNumber", to)
              .put("eventType", delivered ? "DELIVERED" : "TTL_EXPIRATION_REVOKED")
              .put("eventId", UUID.randomUUID().toString())
              .put("messageId", RbmMessageIds.forReference(reference))
              .put("sendTime", Instant.now().toString())
              .put("agentId", RBM_AGENT + "@rbm.goog");
      return event.encode().getBytes(StandardCharsets.UTF_8);
    }

    private static Call call(
        byte[] signed, byte[] sent, UnaryOperator<Map<String, String>> headers, String token) {
      String body =
          new JsonObject()
              .put(
                  "message",
                  new JsonObject()
                      .put("data", Base64.getEncoder().encodeToString(sent))
                      .put("messageId", "1234567890123456")
                      .put("publishTime", Instant.now().toString()))
              .put("subscription", "projects/rbm-test/subscriptions/rbm-agent-subscription")
              .encode();
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Type", "application/json");
      h.put("X-Goog-Signature", new RbmSignature(token).sign(signed));
      return new Call("POST", "/webhooks/rbm", headers.apply(h), body);
    }

    @Override
    Call call(String reference, String to, boolean delivered, String secret) {
      byte[] e = event(reference, to, delivered);
      return call(e, e, h -> h, secret);
    }

    @Override
    Call unsigned(String reference, String to) {
      byte[] e = event(reference, to, true);
      return call(e, e, h -> without(h, "X-Goog-Signature"), RBM_CLIENT_TOKEN);
    }

    @Override
    Call tampered(String reference, String to) {
      return call(
          event(reference, to, false), event(reference, to, true), h -> h, RBM_CLIENT_TOKEN);
    }
  }
}
