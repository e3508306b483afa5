package dev.otpgateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.ReceiptCatcher;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's "done when", through the real API: a dozen verifications (approved ones, a failover,
 * one that expires, one refused for its budget) and then the report adds up, to the last decimal,
 * to the prices those verifications show; the ledger verifies; and the failover's routing decisions
 * re-run from the ledger alone. Each store runs it: {@link LedgerFilesIT}, {@link
 * LedgerPostgresIT}.
 */
abstract class LedgerWalkthrough {
  private final Vertx receiver = Vertx.vertx();
  private final ReceiptCatcher callbacks = ReceiptCatcher.start(receiver);
  private final List<String> ids = new ArrayList<>();
  protected TestGateway gw;

  /** The variables that choose this store. */
  abstract Map<String, String> ledgerEnv();

  /** The store the gateway wrote, opened to read after it stopped. */
  abstract LedgerStore written();

  /** More checks of what the gateway wrote, where the store allows them. */
  void alsoCheck() throws Exception {}

  @AfterEach
  void stop() {
    Await.result(receiver.close());
  }

  private String start(String key, String number) {
    ApiResponse r = gw.api.post("/v1/verifications", key, "{\"to\":\"" + number + "\"}");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    String id = r.json().getString("id");
    ids.add(id);
    return id;
  }

  private void approve(String key, String id, String number) {
    String code = TestGateway.codeIn(gw.newestMessage(number).getString("body"), 6);
    assertThat(
            gw.api
                .post("/v1/verifications/" + id + "/check", key, "{\"code\":\"" + code + "\"}")
                .status())
        .isEqualTo(200);
  }

  private final List<JsonObject> received = new ArrayList<>();

  /** Every callback the tenant received so far, waiting (10 s at most) until there are enough. */
  private List<JsonObject> callbacksUntil(java.util.function.Predicate<List<JsonObject>> enough)
      throws InterruptedException {
    long until = System.currentTimeMillis() + 10_000;
    while (!enough.test(received) && System.currentTimeMillis() < until) {
      WebhookRequest r = callbacks.next(Duration.ofMillis(200));
      if (r != null) {
        received.add(new JsonObject(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)));
      }
    }
    return received;
  }

  private static List<JsonObject> named(List<JsonObject> all, String event) {
    return all.stream().filter(b -> event.equals(b.getString("event"))).toList();
  }

  @Test
  void a_dozen_verifications_add_up_in_the_report_and_the_ledger_holds() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(ledgerEnv());
    gw = TestGateway.start(env);
    String key =
        gw.createTenant(
            "{\"id\":\"fin\",\"name\":\"Fin\",\"limits\":{\"per_destination_per_hour\":10,"
                + "\"requests_per_second\":100},\"status_callback_url\":\""
                + callbacks.baseUrl()
                + "/cb\",\"budget\":{\"monthly_usd\":\"0.05\",\"alert_at\":[0.5,1.0],"
                + "\"action\":\"block\"}}");

    for (int i = 0; i < 5; i++) {
      String number = "+1202555011" + i;
      String id = start(key, number);
      approve(key, id, number);
    }

    // A failure receipt from the cheapest provider: the same code goes out through the next one.
    gw.fault("messagebird", "{\"dlr\":\"failed\"}");
    String failover = start(key, "+12025550120");
    JsonObject read =
        Await.until(
            "the failover",
            Duration.ofSeconds(10),
            () -> {
              JsonObject v = gw.api.get("/v1/verifications/" + failover, key).json();
              return v.getJsonArray("attempts").size() >= 2
                      && "accepted"
                          .equals(v.getJsonArray("attempts").getJsonObject(1).getString("outcome"))
                  ? v
                  : null;
            });
    gw.heal("messagebird");
    assertThat(read.getJsonArray("attempts").getJsonObject(1).getString("trigger"))
        .isEqualTo("failover:failure_receipt");
    approve(key, failover, "+12025550120");

    String expiring = start(key, "+12025550121");

    List<JsonObject> crossed =
        named(
            callbacksUntil(all -> named(all, "budget.threshold").size() >= 2), "budget.threshold");
    assertThat(crossed)
        .extracting(b -> b.getString("threshold"))
        .containsExactlyInAnyOrder("0.5", "1");
    ApiResponse refused =
        Await.until(
            "the budget to be spent",
            Duration.ofSeconds(10),
            () -> {
              ApiResponse r = gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550122\"}");
              if (r.status() == 201) {
                ids.add(r.json().getString("id"));
                return null;
              }
              return r;
            });
    assertThat(refused.status()).isEqualTo(402);
    assertThat(refused.json().getString("type")).endsWith(":budget_exhausted");
    // Checks of a code already sent still work past the budget.
    assertThat(
            gw.api
                .post("/v1/verifications/" + expiring + "/check", key, "{\"code\":\"000000\"}")
                .status())
        .isEqualTo(422);

    gw.clock.advance(Duration.ofMinutes(6));
    List<JsonObject> expired =
        named(
            callbacksUntil(
                all ->
                    named(all, "expired").stream()
                        .anyMatch(b -> expiring.equals(b.getString("id")))),
            "expired");
    assertThat(expired).extracting(b -> b.getString("id")).containsExactly(expiring);
    assertThat(expired.get(0).getString("status")).isEqualTo("expired");

    BigDecimal prices = BigDecimal.ZERO;
    int segments = 0;
    for (String id : ids) {
      JsonObject v = gw.api.get("/v1/verifications/" + id, key).json();
      prices = prices.add(new BigDecimal(v.getJsonObject("price").getString("usd")));
      segments += v.getJsonObject("price").getInteger("segments");
    }
    JsonObject report =
        Await.until(
            "every send in the report",
            Duration.ofSeconds(10),
            () -> {
              JsonObject r = gw.api.get("/v1/reports/costs?group_by=tenant,provider", key).json();
              return r.getJsonObject("totals").getInteger("messages") == ids.size() + 1 ? r : null;
            });
    JsonObject totals = report.getJsonObject("totals");
    assertThat(totals.getString("cost_usd")).isEqualTo(dev.otpgateway.json.Money.text(prices));
    assertThat(totals.getInteger("segments")).isEqualTo(segments);
    assertThat(totals.getInteger("verifications")).isEqualTo(ids.size());
    assertThat(totals.getInteger("approved")).isEqualTo(6);
    JsonArray rows = report.getJsonArray("rows");
    BigDecimal byRows = BigDecimal.ZERO;
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.getJsonObject(i).getString("tenant")).isEqualTo("fin");
      byRows = byRows.add(new BigDecimal(rows.getJsonObject(i).getString("cost_usd")));
    }
    assertThat(byRows).isEqualByComparingTo(prices);

    // The metrics read the same stream: conversions, the budget, the ledger's own.
    assertThat(
            gw.metric(
                "otp_conversions_total{channel=\"sms\",provider=\"messagebird\",region=\"us\"}"))
        .isEqualTo(5.0);
    assertThat(gw.metric("otp_budget_used_ratio{tenant=\"fin\"}")).isGreaterThanOrEqualTo(1.0);
    assertThat(gw.metric("otp_ledger_lag_seconds")).isNotNull();
    String kind = ledgerEnv().isEmpty() ? "file" : "postgres";
    assertThat(gw.metric("otp_ledger_entries_total{store=\"" + kind + "\"}"))
        .isGreaterThan(ids.size() * 3.0);

    gw.close();
    try (LedgerStore store = written()) {
      LedgerVerifier.Result verified = LedgerVerifier.verify(store, null);
      assertThat(verified.intact()).as("%s", verified.problem()).isTrue();
      List<String> kinds = store.entriesOf(expiring).stream().map(LedgerEntry::kind).toList();
      assertThat(kinds).contains("started", "sent", "check_failed", "expired");
      LedgerExplainer.Explanation explained = LedgerExplainer.explain(store, failover);
      assertThat(explained.allMatch()).as(String.join("\n", explained.lines())).isTrue();
      assertThat(String.join("\n", explained.lines()))
          .contains("failover")
          .contains("re-run from the ledger: the same decision")
          .contains("not tried messagebird sms: already_tried")
          .containsPattern(
              "route recorded: (twilio|sinch): lowest score in us among those not yet tried for this"
                  + " code \\(cost ");
      assertThat(store.entriesOf(failover).toString()).doesNotContain("+12025550120");
    }
    alsoCheck();
  }
}
