package dev.otpgateway.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.testing.RunningSimulator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What scenarios script through the control API, seen as a user of the simulator sees it: the
 * answers to sends, the receipts that arrive, and the handsets' inboxes ({@code GET
 * /simulator/messages}).
 */
class SimulatorBehaviourTest {
  private static final String PLAIN = "plain";
  private static final String AU = "+61491570156";

  private RunningSimulator running;

  @BeforeEach
  void start() {
    running = RunningSimulator.start(new PlainApi(PLAIN, Set.of()));
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void a_silent_drop_reports_delivered_but_never_reaches_the_handset() {
    control("{\"silent_drop_rate\": 0.5, \"dlr_delay_ms\": 0}");
    List<String> to = List.of("+12025550121", "+12025550122", "+12025550123", "+12025550124");
    to.forEach(number -> assertThat(send(number).statusCode()).isEqualTo(201));

    Map<String, String> statusByNumber = new TreeMap<>();
    receipts(4).forEach(r -> statusByNumber.put(r.getString("to"), r.getString("status")));

    assertThat(statusByNumber.values()).containsOnly("delivered").hasSize(4);
    // Spread evenly: exactly every second message is dropped.
    assertThat(inbox("+12025550121")).hasSize(1);
    assertThat(inbox("+12025550122")).isEmpty();
    assertThat(inbox("+12025550123")).hasSize(1);
    assertThat(inbox("+12025550124")).isEmpty();
  }

  @Test
  void a_duplicated_receipt_arrives_twice() {
    control("{\"dlr_duplicate_rate\": 0.5, \"dlr_delay_ms\": 0}");
    for (int i = 1; i <= 4; i++) {
      send("+1202555013" + i);
    }

    Map<String, Integer> perMessage = new TreeMap<>();
    receipts(6).forEach(r -> perMessage.merge(r.getString("id"), 1, Integer::sum));

    assertThat(perMessage).isEqualTo(Map.of("m1", 1, "m2", 2, "m3", 1, "m4", 2));
    for (int i = 1; i <= 4; i++) {
      assertThat(inbox("+1202555013" + i)).as("each handset gets its message once").hasSize(1);
    }
  }

  @Test
  void a_country_setting_applies_to_that_country_only() {
    control("{\"countries\": {\"AU\": {\"error_rate\": 1.0, \"error_status\": 503}}}");

    assertThat(send(AU).statusCode()).isEqualTo(503);
    assertThat(send("+12025550141").statusCode()).isEqualTo(201);
    assertThat(inbox(AU)).isEmpty();
    assertThat(inbox("+12025550141")).hasSize(1);
  }

  @Test
  void a_country_follows_what_it_does_not_override_and_null_removes_it() {
    control("{\"countries\": {\"AU\": {\"dlr\": \"failed\"}}}");
    control("{\"dlr_delay_ms\": 0, \"silent_drop_rate\": 1.0}");

    send(AU);
    send("+12025550142");
    Map<String, String> statusByNumber = new TreeMap<>();
    receipts(2).forEach(r -> statusByNumber.put(r.getString("to"), r.getString("status")));

    assertThat(statusByNumber).isEqualTo(Map.of(AU, "failed", "+12025550142", "delivered"));
    assertThat(inbox("+12025550142")).as("dropped, as everywhere").isEmpty();

    control("{\"countries\": {\"AU\": null}, \"silent_drop_rate\": 0}");
    send(AU);

    assertThat(receipts(1).get(0).getString("status")).isEqualTo("delivered");
    assertThat(inbox(AU)).hasSize(1);
    assertThat(settings().getJsonObject("countries")).isEmpty();
  }

  @Test
  void delete_makes_the_provider_healthy_in_every_country() {
    control("{\"down\": true, \"countries\": {\"AU\": {\"error_rate\": 1.0}}}");
    assertThat(send("+12025550143").statusCode()).isEqualTo(503);

    HttpResponse<Buffer> reset = running.delete("/simulator/providers/" + PLAIN);

    assertThat(reset.statusCode()).isEqualTo(204);
    assertThat(send(AU).statusCode()).isEqualTo(201);
    assertThat(send("+12025550143").statusCode()).isEqualTo(201);
    assertThat(settings().getJsonObject("countries")).isEmpty();
    assertThat(settings().getBoolean("down")).isFalse();
  }

  private void control(String json) {
    HttpResponse<Buffer> r = running.postJson("/simulator/providers/" + PLAIN, json);
    assertThat(r.statusCode()).as("%s -> %s", json, r.bodyAsString()).isEqualTo(200);
  }

  private JsonObject settings() {
    return running.get("/simulator/providers/" + PLAIN).bodyAsJsonObject();
  }

  private HttpResponse<Buffer> send(String to) {
    return running.postJson(
        "/" + PLAIN + "/messages",
        new JsonObject().put("to", to).put("body", "Your code is 123456").encode());
  }

  private JsonArray inbox(String number) {
    HttpResponse<Buffer> r = running.get("/simulator/messages?to=" + number.replace("+", "%2B"));
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("messages");
  }

  /** The next {@code count} receipts, as JSON. */
  private List<JsonObject> receipts(int count) {
    List<JsonObject> read = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      WebhookRequest r;
      try {
        r = running.receipts().next(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      assertThat(r).as("receipt %d of %d", i + 1, count).isNotNull();
      read.add(new JsonObject(Buffer.buffer(r.body())));
    }
    return read;
  }
}
