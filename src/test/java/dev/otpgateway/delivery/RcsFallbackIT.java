package dev.otpgateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.RulesCopy;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RCS first where the handset takes it; an RCS message not delivered in time is revoked at RBM
 * before the same code goes out by SMS, so the person gets one code, not two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RcsFallbackIT {
  private static final long RCS_TIMEOUT_MS = 1500;
  private static final String CAPABLE = "+12025550160";
  private static final String CAPABLE_SILENT = "+12025550161";
  private static final String SMS_ONLY = "+12025550162";
  // Receipts 200 ms after acceptance, not 20: one that beats the record of its attempt is lost.
  private static final String RCS_HANDSETS =
      "{\"dlr_delay_ms\": 200, \"rcs_capable\": [\"" + CAPABLE + "\", \"" + CAPABLE_SILENT + "\"]";
  private static final AtomicInteger TENANTS = new AtomicInteger();

  private TestGateway gw;

  @BeforeAll
  void start() {
    gw =
        TestGateway.start(
            Map.of(
                "OTPGW_RULES_DIR",
                RulesCopy.ofShipped().usDeliveryTimeouts(20_000, RCS_TIMEOUT_MS).dir()));
    gw.fault("rbm", RCS_HANDSETS + "}");
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @AfterEach
  void rbmDeliversAgain() {
    gw.fault("rbm", RCS_HANDSETS + ", \"dlr\": \"delivered\"}");
    TestGateway.assertNoBlockedThreads();
  }

  private String tenant() {
    return gw.createTenant("rcs" + TENANTS.incrementAndGet(), 3);
  }

  private ApiResponse check(String key, String id, String code) {
    return gw.api.post("/v1/verifications/" + id + "/check", key, "{\"code\":\"" + code + "\"}");
  }

  @Test
  void an_rcs_capable_handset_gets_the_code_by_rcs() {
    String key = tenant();

    JsonObject started = gw.startVerification(key, CAPABLE);

    assertThat(started.getString("channel")).isEqualTo("rcs");
    assertThat(started.getString("provider")).isEqualTo("rbm");
    JsonObject received = gw.newestMessage(CAPABLE);
    assertThat(received.getString("channel")).isEqualTo("rcs");
    assertThat(received.getString("provider")).isEqualTo("rbm");
    String id = started.getString("id");
    // RBM's DELIVERED event.
    gw.awaitStatus(key, id, "delivered");
    assertThat(gw.inbox(CAPABLE)).hasSize(1);
    String code = TestGateway.codeIn(received.getString("body"), 6);
    assertThat(check(key, id, code).status()).isEqualTo(200);
  }

  @Test
  void an_rcs_message_not_delivered_in_time_is_revoked_and_the_same_code_goes_by_sms() {
    String tenant = "rcs" + TENANTS.incrementAndGet();
    String key = gw.createTenant(tenant, 3);
    gw.fault("rbm", RCS_HANDSETS + ", \"dlr\": \"none\"}");

    long sentAt = System.nanoTime();
    JsonObject started = gw.startVerification(key, CAPABLE_SILENT);
    String id = started.getString("id");
    assertThat(started.getString("channel")).isEqualTo("rcs");

    JsonObject sms =
        Await.until(
            "the SMS fallback",
            Duration.ofSeconds(10),
            () ->
                gw.inbox(CAPABLE_SILENT).isEmpty()
                    ? null
                    : gw.inbox(CAPABLE_SILENT).getJsonObject(0));
    long waitedMs = Duration.ofNanos(System.nanoTime() - sentAt).toMillis();

    assertThat(waitedMs)
        .as("waited for the RCS delivery timeout")
        .isGreaterThanOrEqualTo(RCS_TIMEOUT_MS);
    assertThat(sms.getString("channel")).isEqualTo("sms");
    assertThat(sms.getString("provider")).isNotEqualTo("rbm");
    JsonObject v = gw.api.get("/v1/verifications/" + id, key).json();
    JsonArray attempts = v.getJsonArray("attempts");
    assertThat(attempts).hasSize(2);
    JsonObject rcs = attempts.getJsonObject(0);
    assertThat(rcs.getString("provider")).isEqualTo("rbm");
    assertThat(rcs.getString("channel")).isEqualTo("rcs");
    assertThat(rcs.getString("delivery")).as("revoked at RBM").isEqualTo("revoked");
    assertThat(rcs.containsKey("delivered_at"))
        .as("a revoked message was never delivered")
        .isFalse();
    JsonObject fallback = attempts.getJsonObject(1);
    assertThat(fallback.getString("channel")).isEqualTo("sms");
    assertThat(fallback.getString("provider")).isEqualTo(sms.getString("provider"));
    assertThat(fallback.getString("trigger")).isEqualTo("failover:rcs_not_delivered");
    assertThat(v.getString("channel")).isEqualTo("sms");
    // The route and the fallback's ledger entry say why that SMS provider: RBM was already tried
    // for this code. Neither claims the handset cannot take RCS.
    assertThat(v.getJsonObject("route").getString("reason"))
        .startsWith(fallback.getString("provider") + ": ")
        .contains(" among those not yet tried for this code (cost ");
    JsonObject decision =
        Await.until(
            "the fallback's ledger entry",
            Duration.ofSeconds(10),
            () ->
                gw.ledgerEntries(tenant, "sent").stream()
                    .filter(e -> !"rbm".equals(e.getString("provider")))
                    .findFirst()
                    .map(e -> e.getJsonObject("decision"))
                    .orElse(null));
    assertThat(decision.getJsonArray("skipped"))
        .contains(
            new JsonObject()
                .put("channel", "rcs")
                .put("provider", "rbm")
                .put("reason", "already_tried"));
    assertThat(decision.getJsonArray("exclusions").stream())
        .noneSatisfy(e -> assertThat(((JsonObject) e).getString("provider")).isEqualTo("rbm"));
    assertThat(gw.inbox(CAPABLE_SILENT)).as("one code, not two").hasSize(1);
    String code = TestGateway.codeIn(sms.getString("body"), 6);
    assertThat(check(key, id, code).status()).isEqualTo(200);
    assertThat(
            Scrape.sum(
                gw, "otp_failovers_total", Map.of("from", "rbm", "reason", "rcs_not_delivered")))
        .isEqualTo(1);
  }

  @Test
  void a_handset_without_rcs_gets_sms_only() {
    String key = tenant();
    JsonObject decision =
        gw.api.post("/v1/routes/preview", key, "{\"to\":\"" + SMS_ONLY + "\"}").json();

    JsonObject started = gw.startVerification(key, SMS_ONLY);

    assertThat(decision.getJsonArray("candidates").stream())
        .allSatisfy(c -> assertThat(((JsonObject) c).getString("channel")).isEqualTo("sms"));
    assertThat(decision.getJsonArray("exclusions").stream())
        .anySatisfy(
            e -> {
              assertThat(((JsonObject) e).getString("provider")).isEqualTo("rbm");
              assertThat(((JsonObject) e).getString("reason")).isEqualTo("not_rcs_capable");
            });
    assertThat(started.getString("channel")).isEqualTo("sms");
    assertThat(started.getJsonArray("attempts")).hasSize(1);
    JsonObject received = gw.newestMessage(SMS_ONLY);
    assertThat(received.getString("channel")).isEqualTo("sms");
    assertThat(received.getString("provider")).isNotEqualTo("rbm");
  }
}
