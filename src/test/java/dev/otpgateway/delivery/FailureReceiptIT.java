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
 * After a provider accepted a message: a failure receipt, or no receipt within the region's
 * delivery timeout, sends the same code through the next provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureReceiptIT {
  private static final long SMS_TIMEOUT_MS = 1500;

  /** Receipts come as fast as the simulator sends them by default. */
  private static final int RECEIPT_DELAY_MS = 20;

  private static final AtomicInteger TENANTS = new AtomicInteger();

  private TestGateway gw;
  private String faulted;

  @BeforeAll
  void start() {
    gw =
        TestGateway.start(
            Map.of(
                "OTPGW_RULES_DIR",
                RulesCopy.ofShipped().usDeliveryTimeouts(SMS_TIMEOUT_MS, 1500).dir()));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @AfterEach
  void healAndCheckEventLoops() {
    if (faulted != null) {
      gw.heal(faulted);
      faulted = null;
    }
    TestGateway.assertNoBlockedThreads();
  }

  private String tenant() {
    return gw.createTenant("r" + TENANTS.incrementAndGet(), 3);
  }

  /** The provider routing ranks first for this number now, which the test then breaks. */
  private String firstChoice(String key, String to) {
    ApiResponse r = gw.api.post("/v1/routes/preview", key, "{\"to\":\"" + to + "\"}");
    return r.json().getJsonArray("candidates").getJsonObject(0).getString("provider");
  }

  private JsonObject awaitAttempts(String key, String id, int count) {
    return Await.until(
        count + " attempts with the last accepted",
        Duration.ofSeconds(10),
        () -> {
          JsonObject v = gw.api.get("/v1/verifications/" + id, key).json();
          JsonArray attempts = v.getJsonArray("attempts");
          return attempts.size() >= count
                  && attempts.getJsonObject(count - 1).getString("outcome").equals("accepted")
              ? v
              : null;
        });
  }

  private double deliveries(String provider) {
    return Scrape.sum(gw, "otp_delivery_seconds_count", Map.of("provider", provider));
  }

  private double delivered(String provider) {
    return Scrape.sum(
        gw, "otp_messages_total", Map.of("provider", provider, "outcome", "delivered"));
  }

  @Test
  void a_failure_receipt_sends_the_same_code_through_the_next_provider() {
    String key = tenant();
    String to = "+12025550140";
    faulted = firstChoice(key, to);
    gw.fault(faulted, "{\"dlr\": \"failed\", \"dlr_delay_ms\": " + RECEIPT_DELAY_MS + "}");

    ApiResponse started = gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
    assertThat(started.status()).isEqualTo(201);
    assertThat(started.json().getString("provider")).isEqualTo(faulted);
    String id = started.json().getString("id");

    JsonObject v = awaitAttempts(key, id, 2);
    JsonArray attempts = v.getJsonArray("attempts");
    assertThat(attempts).hasSize(2);
    JsonObject first = attempts.getJsonObject(0);
    JsonObject second = attempts.getJsonObject(1);
    assertThat(first.getString("provider")).isEqualTo(faulted);
    assertThat(first.getString("outcome")).isEqualTo("accepted");
    assertThat(first.getString("delivery")).isEqualTo("failed");
    String next = second.getString("provider");
    assertThat(next).isNotEqualTo(faulted);
    assertThat(second.getString("trigger")).isEqualTo("failover:failure_receipt");
    assertThat(v.getString("provider")).isEqualTo(next);
    // The route says why the code went through the next provider, not why the failed one led.
    assertThat(v.getJsonObject("route").getString("reason"))
        .startsWith(next + ": ")
        .contains(" among those not yet tried for this code (cost ");

    // The failed message never reached the handset; the failover's did, and its code is the one
    // the verification holds.
    JsonObject received = gw.newestMessage(to);
    assertThat(gw.inbox(to)).hasSize(1);
    assertThat(received.getString("provider")).isEqualTo(next);
    String code = TestGateway.codeIn(received.getString("body"), 6);
    ApiResponse check =
        gw.api.post("/v1/verifications/" + id + "/check", key, "{\"code\":\"" + code + "\"}");
    assertThat(check.status()).isEqualTo(200);
    assertThat(
            Scrape.sum(
                gw,
                "otp_failovers_total",
                Map.of("from", faulted, "to", next, "reason", "failure_receipt")))
        .isEqualTo(1);
    assertThat(
            Scrape.sum(
                gw, "otp_messages_total", Map.of("provider", faulted, "outcome", "undelivered")))
        .isEqualTo(1);
  }

  @Test
  void no_receipt_within_the_delivery_timeout_sends_the_same_code_again_elsewhere() {
    String key = tenant();
    String to = "+12025550141";
    faulted = firstChoice(key, to);
    gw.fault(faulted, "{\"dlr\": \"none\"}");

    long sentAt = System.nanoTime();
    ApiResponse started = gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
    assertThat(started.json().getString("provider")).isEqualTo(faulted);
    String id = started.json().getString("id");
    String firstCode = TestGateway.codeIn(gw.newestMessage(to).getString("body"), 6);

    JsonObject v = awaitAttempts(key, id, 2);
    JsonObject first = v.getJsonArray("attempts").getJsonObject(0);
    JsonObject second = v.getJsonArray("attempts").getJsonObject(1);
    assertThat(first.getString("delivery")).isEqualTo("timed_out");
    assertThat(second.getString("trigger")).isEqualTo("failover:delivery_timeout");
    String next = second.getString("provider");
    assertThat(next).isNotEqualTo(faulted);
    JsonObject again =
        Await.until(
            "the failover's message",
            Duration.ofSeconds(10),
            () -> gw.inbox(to).size() == 2 ? gw.inbox(to).getJsonObject(0) : null);
    long waitedMs = Duration.ofNanos(System.nanoTime() - sentAt).toMillis();
    assertThat(waitedMs)
        .as("waited out the delivery timeout")
        .isGreaterThanOrEqualTo(SMS_TIMEOUT_MS);
    assertThat(again.getString("provider")).isEqualTo(next);
    assertThat(TestGateway.codeIn(again.getString("body"), 6)).isEqualTo(firstCode);
    ApiResponse check =
        gw.api.post("/v1/verifications/" + id + "/check", key, "{\"code\":\"" + firstCode + "\"}");
    assertThat(check.status()).isEqualTo(200);
    assertThat(
            Scrape.sum(
                gw,
                "otp_failovers_total",
                Map.of("from", faulted, "to", next, "reason", "delivery_timeout")))
        .isEqualTo(1);
  }

  @Test
  void a_delivery_receipt_marks_the_attempt_delivered_and_is_measured() {
    String key = tenant();
    String to = "+12025550142";
    String provider = firstChoice(key, to);
    faulted = provider;
    gw.fault(provider, "{\"dlr_delay_ms\": " + RECEIPT_DELAY_MS + "}");
    double deliveriesBefore = deliveries(provider);
    double deliveredBefore = delivered(provider);

    ApiResponse started = gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
    String id = started.json().getString("id");

    JsonObject v = gw.awaitStatus(key, id, "delivered");
    JsonObject attempt = v.getJsonArray("attempts").getJsonObject(0);
    assertThat(v.getJsonArray("attempts")).hasSize(1);
    assertThat(attempt.getString("provider")).isEqualTo(provider);
    assertThat(attempt.getString("delivery")).isEqualTo("delivered");
    assertThat(attempt.getString("delivered_at")).isNotNull();
    // The attempt is stored delivered a moment before the receipt's metrics are counted.
    Await.until(
        "the receipt counted",
        Duration.ofSeconds(5),
        () -> deliveries(provider) == deliveriesBefore + 1 ? true : null);
    assertThat(delivered(provider)).isEqualTo(deliveredBefore + 1);
  }
}
