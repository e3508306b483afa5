package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.HeapBallast;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A member whose heap fills up refuses new starts with 503 and {@code Retry-After} instead of
 * running out of memory, counts each refusal, and goes on checking and reading the codes it holds;
 * once the heap is free again it takes starts again. The heap is really filled: the test holds
 * ballast in the gateway's own JVM (it runs in-process) and collects, so the collector's reading is
 * what the gateway sees.
 */
class HeapBudgetIT {
  /** Room between what this JVM uses when the gateway starts and its budget. */
  private static final int HEADROOM_PERCENT = 15;

  @Test
  void near_its_heap_budget_a_member_refuses_starts_with_503_and_still_checks_codes() {
    int percent = HeapBallast.budgetAboveNow(HEADROOM_PERCENT);
    try (TestGateway gw =
        TestGateway.start(Map.of("OTPGW_ADMISSION_HEAP_PERCENT", Integer.toString(percent)))) {
      String key = gw.createTenant("heavy", 10);
      String live = "+12025550141";
      ApiResponse before = startRaw(gw, key, live);
      assertThat(before.status()).as("a start under the budget: %s", before).isEqualTo(201);
      String code = TestGateway.codeIn(gw.newestMessage(live).getString("body"), 6);

      // Each try goes to a fresh number, so a refused one shows whether anything was sent.
      HeapBallast ballast = new HeapBallast();
      int[] next = {150};
      Refused refused =
          ballast.fillUntil(
              "a start was refused",
              () -> {
                String to = "+12025550" + next[0]++;
                ApiResponse r = startRaw(gw, key, to);
                return r.status() == 201 ? null : new Refused(r, to);
              });
      assertThat(refused.response().status()).as("%s", refused.response()).isEqualTo(503);
      assertThat(refused.response().header("Retry-After")).isEqualTo("2");
      assertThat(refused.response().contentType()).startsWith("application/problem+json");
      assertThat(refused.response().json().getString("type"))
          .isEqualTo("urn:problem-type:otp-gateway:heap_budget");
      assertThat(Scrape.sum(gw, "otp_admission_refused_total", Map.of("reason", "heap_budget")))
          .isGreaterThanOrEqualTo(1.0);
      assertThat(gw.inbox(refused.to())).as("a refused start sends nothing").isEmpty();

      String id = before.json().getString("id");
      assertThat(gw.api.get("/v1/verifications/" + id, key).status()).isEqualTo(200);
      ApiResponse check =
          gw.api.post("/v1/verifications/" + id + "/check", key, "{\"code\":\"" + code + "\"}");
      assertThat(check.status()).as("a check near the budget: %s", check).isEqualTo(200);
      assertThat(check.json().getString("status")).isEqualTo("approved");
      assertThat(gw.api.raw().get("/health/ready", null).status()).isEqualTo(200);

      ballast.release();
      ApiResponse again =
          Await.until(
              "a start once the heap is free",
              Duration.ofSeconds(20),
              () -> {
                System.gc();
                ApiResponse r = startRaw(gw, key, "+12025550199");
                return r.status() == 201 ? r : null;
              });
      assertThat(again.json().getString("status")).isIn("sent", "pending_push");
    }
  }

  /** The start that was refused, and the number it was for. */
  private record Refused(ApiResponse response, String to) {}

  private static ApiResponse startRaw(TestGateway gw, String key, String to) {
    return gw.api.post("/v1/verifications", key, "{\"to\":\"" + to + "\"}");
  }
}
