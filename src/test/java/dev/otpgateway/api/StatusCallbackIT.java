package dev.otpgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.TestGateway;
import dev.otpgateway.verification.StatusCallbacks;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A tenant's status callback URL hears every change of its verifications, signed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusCallbackIT {
  private final Vertx receiverVertx = Vertx.vertx();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private TestGateway gw;

  record Received(String signature, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  @BeforeAll
  void start() {
    receiver =
        Await.result(
            receiverVertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                b -> {
                                  paths.add(req.path());
                                  if (req.path().equals("/redirect")) {
                                    req.response()
                                        .setStatusCode(303)
                                        .putHeader("Location", "/stolen")
                                        .end();
                                    return;
                                  }
                                  if (req.path().equals("/cb")) {
                                    received.add(
                                        new Received(
                                            req.getHeader(StatusCallbacks.SIGNATURE_HEADER), b));
                                  }
                                  req.response().setStatusCode(204).end();
                                }))
                .listen(0, "127.0.0.1"));
    gw = TestGateway.start(Map.of());
  }

  @AfterAll
  void stop() {
    gw.close();
    Await.result(receiverVertx.close());
  }

  private List<String> events(String id) {
    return received.stream()
        .map(Received::json)
        .filter(j -> id.equals(j.getString("id")))
        .map(j -> j.getString("event"))
        .toList();
  }

  @Test
  void each_change_is_posted_and_signed_with_the_tenants_secret() {
    JsonObject tenant =
        gw.api
            .post(
                "/v1/admin/tenants",
                TestGateway.ADMIN_KEY,
                "{\"id\":\"hooked\",\"name\":\"Acme\",\"status_callback_url\":\"http://127.0.0.1:"
                    + receiver.actualPort()
                    + "/cb\"}")
            .json();
    String key = tenant.getString("api_key");
    String secret = tenant.getString("callback_secret");
    assertThat(secret).isNotBlank();
    assertThat(gw.api.get("/v1/admin/tenants/hooked", TestGateway.ADMIN_KEY).body())
        .doesNotContain(secret);

    String id =
        gw.api
            .post("/v1/verifications", key, "{\"to\":\"+12025550150\",\"user_ref\":\"u-42\"}")
            .json()
            .getString("id");
    String code = TestGateway.codeIn(gw.newestMessage("+12025550150").getString("body"), 6);
    Await.until(
        "the delivered callback",
        Duration.ofSeconds(10),
        () -> events(id).contains("delivered") ? true : null);
    gw.api.post("/v1/verifications/" + id + "/check", key, "{\"code\":\"" + code + "\"}");
    Await.until(
        "the approved callback",
        Duration.ofSeconds(10),
        () -> events(id).contains("approved") ? true : null);

    assertThat(events(id)).containsExactly("sent", "delivered", "approved");
    for (Received r : received) {
      String[] parts = r.signature().split(",");
      long timestamp = Long.parseLong(parts[0].substring(2));
      assertThat(parts[1]).isEqualTo("v1=" + StatusCallbacks.sign(secret, timestamp, r.body()));
      assertThat(Math.abs(timestamp - System.currentTimeMillis() / 1000)).isLessThan(60);
      assertThat(StatusCallbacks.sign("another secret", timestamp, r.body()))
          .isNotEqualTo(parts[1].substring(3));
    }
    JsonObject approved = received.get(received.size() - 1).json();

    String rotated =
        gw.api
            .post("/v1/admin/tenants/hooked/rotate-callback-secret", TestGateway.ADMIN_KEY, null)
            .json()
            .getString("callback_secret");
    received.clear();
    String next =
        gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550151\"}").json().getString("id");
    Await.until(
        "a callback after the rotation",
        Duration.ofSeconds(10),
        () -> events(next).contains("sent") ? true : null);
    Received afterRotation =
        received.stream().filter(r -> next.equals(r.json().getString("id"))).findFirst().get();
    long t = Long.parseLong(afterRotation.signature().split(",")[0].substring(2));
    assertThat(afterRotation.signature())
        .as("signed with the whole whsec_ string as the key")
        .endsWith("v1=" + StatusCallbacks.sign(rotated, t, afterRotation.body()))
        .doesNotEndWith("v1=" + StatusCallbacks.sign(secret, t, afterRotation.body()));
    assertThat(approved.getString("status")).isEqualTo("approved");
    assertThat(approved.getString("user_ref")).isEqualTo("u-42");
    assertThat(approved.getString("to")).isEqualTo("+1202555****");
    assertThat(approved.encode()).doesNotContain(code);
  }

  @Test
  void a_callback_answered_with_a_redirect_is_not_followed() {
    String key =
        gw.createTenant(
            "{\"id\":\"redirected\",\"status_callback_url\":\"http://127.0.0.1:"
                + receiver.actualPort()
                + "/redirect\"}");

    gw.api.post("/v1/verifications", key, "{\"to\":\"+12025550152\"}");
    // The sent and delivered events reach the URL, then a retry of the first a second after its
    // 303: a redirect that was followed would have reached /stolen within that second.
    Await.until(
        "a retried callback to the redirecting URL",
        Duration.ofSeconds(10),
        () ->
            paths.contains("/stolen") || paths.stream().filter("/redirect"::equals).count() >= 3
                ? true
                : null);

    assertThat(paths).doesNotContain("/stolen");
  }
}
