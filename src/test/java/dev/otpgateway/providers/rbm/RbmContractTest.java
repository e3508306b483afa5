package dev.otpgateway.providers.rbm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.ProviderContractTest;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.providers.RcsProvider;
import dev.otpgateway.providers.RecordedRequest;
import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.providers.simulator.SimulatedApi;
import dev.otpgateway.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared provider contract for RBM, then what only an RCS provider does: the capability check
 * and its cache, revoking, and the 404 of a handset without RCS.
 */
class RbmContractTest extends ProviderContractTest {
  /** Every number the shared contract sends to, and the RCS handsets of the tests below. */
  private static final Set<String> RCS_HANDSETS =
      Set.of(
          "+12025550101",
          "+12025550102",
          "+12025550103",
          "+12025550104",
          "+12025550105",
          "+12025550106",
          "+12025550107",
          "+12025550108",
          "+12025550109",
          "+12025550110",
          "+12025550111",
          "+12025550112",
          "+12025550113",
          "+12025550160",
          "+12025550161",
          "+12025550162",
          "+12025550163",
          "+12025550164",
          "+12025550165");

  private static final String NO_RCS = "+12025550170";

  @Override
  protected String name() {
    return RbmProvider.NAME;
  }

  @Override
  protected SimulatedApi simulatedApi() {
    return RbmTestAgent.simulatedApi();
  }

  @Override
  protected Provider provider(Vertx vertx, String baseUrl, Duration timeout) {
    return new RbmProvider(vertx, RbmTestAgent.settings(baseUrl, timeout));
  }

  @Override
  protected Provider providerWithWrongCredentials(Vertx vertx, String baseUrl) {
    return new RbmProvider(
        vertx,
        new RbmSettings(
            RbmTestAgent.AGENT_ID,
            "ya29.revoked-token",
            RbmTestAgent.WEBHOOK_TOKEN,
            baseUrl,
            timeout()));
  }

  @Override
  protected boolean supportsLookup() {
    return false;
  }

  @Override
  protected String signatureHeader() {
    return RbmSignature.HEADER;
  }

  /** RBM only sends to handsets that take RCS, so the contract's handsets do. */
  @BeforeEach
  void contractHandsetsTakeRcs() {
    simulator.configure(
        name(), new JsonObject().put("rcs_capable", new JsonArray(List.copyOf(RCS_HANDSETS))));
  }

  @Override
  protected void assertRequestMatchesFixture(RecordedRequest request, OutboundMessage message) {
    JsonObject fixture =
        RbmTestAgent.fill(
            new JsonObject(fixture("send-request.json")),
            Map.of(
                "to", message.to(),
                "messageId", RbmMessageIds.forReference(message.reference()),
                "agentId", RbmTestAgent.AGENT_ID,
                "accessToken", RbmTestAgent.ACCESS_TOKEN,
                "body", message.body(),
                "ttlSeconds", Long.toString(message.validity().toSeconds())));
    URI uri = URI.create(request.uri());

    assertThat(request.method()).isEqualTo(fixture.getString("method"));
    assertThat(uri.getRawPath()).isEqualTo("/" + name() + fixture.getString("path"));
    assertThat(query(uri)).isEqualTo(fixture.getJsonObject("query").getMap());
    assertThat(request.header("authorization")).isEqualTo(fixture.getString("authorization"));
    assertThat(request.header("content-type")).startsWith(fixture.getString("contentType"));
    assertThat(new JsonObject(request.bodyText())).isEqualTo(fixture.getJsonObject("body"));
  }

  @Override
  protected RecordedReceipt recordedReceipt() {
    JsonObject recorded = new JsonObject(fixture("delivered-receipt.json"));
    Map<String, String> headers = new HashMap<>();
    recorded.getJsonObject("headers").forEach(h -> headers.put(h.getKey(), (String) h.getValue()));
    JsonObject expected = recorded.getJsonObject("expected");
    return new RecordedReceipt(
        new WebhookRequest(
            "POST",
            "https://otp.example.com/webhooks/rbm",
            headers,
            recorded.getJsonObject("body").toBuffer().getBytes()),
        new DeliveryReceipt(
            expected.getString("reference"),
            expected.getString("providerMessageId"),
            DeliveryReceipt.Status.valueOf(expected.getString("status")),
            null,
            Instant.parse(expected.getString("at"))));
  }

  private RcsProvider rcs() {
    return (RcsProvider) provider;
  }

  @Test
  void capability_check_says_yes_for_an_rcs_handset_and_asks_the_wire_once() {
    assertThat(Await.result(rcs().isRcsCapable("+12025550160"))).isTrue();
    assertThat(Await.result(rcs().isRcsCapable("+12025550160"))).isTrue();

    assertThat(sent).hasSize(1);
    RecordedRequest check = sent.peek();
    URI uri = URI.create(check.uri());
    assertThat(check.method()).isEqualTo("GET");
    assertThat(uri.getRawPath()).isEqualTo("/rbm/v1/phones/+12025550160/capabilities");
    assertThat(query(uri)).containsEntry("agentId", RbmTestAgent.AGENT_ID);
    assertThat(RbmMessageIds.isUuid((String) query(uri).get("requestId"))).isTrue();
    assertThat(check.header("authorization")).isEqualTo("Bearer " + RbmTestAgent.ACCESS_TOKEN);
  }

  @Test
  void capability_check_says_no_when_rbm_answers_404_and_asks_the_wire_once() {
    assertThat(Await.result(rcs().isRcsCapable(NO_RCS))).isFalse();
    assertThat(Await.result(rcs().isRcsCapable(NO_RCS))).isFalse();

    assertThat(sent).hasSize(1);
  }

  @Test
  void capability_check_that_fails_is_not_remembered() {
    fault("{\"error_rate\": 1.0, \"error_status\": 503}");
    ProviderException e = (ProviderException) Await.failure(rcs().isRcsCapable("+12025550161"));
    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    fault("{\"error_rate\": 0.0}");

    assertThat(Await.result(rcs().isRcsCapable("+12025550161"))).isTrue();
    assertThat(sent).hasSize(2);
  }

  @Test
  void a_handset_without_rcs_fails_over_as_retryable_and_is_remembered() {
    ProviderException e = (ProviderException) Await.failure(provider.send(message(NO_RCS)));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.reason()).isEqualTo(RbmFailures.NOT_RCS_CAPABLE);
    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(simulator.handsets().inbox(NO_RCS)).isEmpty();
    // The 404 answered the capability question: the next check needs no call.
    assertThat(Await.result(rcs().isRcsCapable(NO_RCS))).isFalse();
    assertThat(sent).hasSize(1);
  }

  @Test
  void revoking_a_message_still_pending_keeps_it_off_the_handset() {
    fault("{\"dlr\": \"none\"}");
    OutboundMessage m = message("+12025550162");
    String id = Await.result(provider.send(m)).providerMessageId();
    assertThat(simulator.handsets().inbox("+12025550162")).isEmpty();

    assertThat(Await.result(rcs().revoke(m))).isTrue();

    assertThat(simulator.handsets().inbox("+12025550162")).isEmpty();
    // Gone from RBM's queue: a second revoke finds nothing to revoke.
    assertThat(Await.result(rcs().revoke(m))).isFalse();
    List<RecordedRequest> requests = List.copyOf(sent);
    RecordedRequest delete = requests.get(requests.size() - 1);
    assertThat(delete.method()).isEqualTo("DELETE");
    assertThat(URI.create(delete.uri()).getRawPath())
        .isEqualTo("/rbm/v1/phones/+12025550162/agentMessages/" + id);
    assertThat(query(URI.create(delete.uri()))).isEqualTo(Map.of("agentId", RbmTestAgent.AGENT_ID));
  }

  @Test
  void revoking_a_delivered_message_says_it_was_delivered() {
    OutboundMessage m = message("+12025550163");
    Await.result(provider.send(m));

    assertThat(Await.result(rcs().revoke(m))).isFalse();
    assertThat(simulator.handsets().inbox("+12025550163")).hasSize(1);
  }

  @Test
  void a_revoke_before_the_ttl_runs_out_means_no_expiry_event_and_no_rcs_copy() throws Exception {
    fault("{\"dlr\": \"failed\", \"dlr_delay_ms\": 300}");
    OutboundMessage m = message("+12025550164");
    Await.result(provider.send(m));

    assertThat(Await.result(rcs().revoke(m))).isTrue();

    assertThat(receipts.poll(1, TimeUnit.SECONDS)).isNull();
    assertThat(simulator.handsets().inbox("+12025550164")).isEmpty();
  }

  @Test
  void an_expired_message_reports_rbms_revocation_as_the_failure() {
    fault("{\"dlr\": \"failed\"}");
    OutboundMessage m = message("+12025550165");
    Await.result(provider.send(m));

    List<DeliveryReceipt> read = provider.receipts().verify(asWebhook(nextReceipt()));

    assertThat(read)
        .singleElement()
        .satisfies(r -> assertThat(r.errorCode()).isEqualTo("TTL_EXPIRATION_REVOKED"));
    assertThat(Await.result(rcs().revoke(m))).as("nothing left to revoke").isFalse();
  }

  @Test
  void a_slow_revoke_fails_as_ambiguous_within_the_timeout() {
    fault("{\"dlr\": \"none\"}");
    OutboundMessage m = message("+12025550161");
    Await.result(provider.send(m));
    fault("{\"latency_ms\": " + (timeout().toMillis() * 3) + "}");
    long started = System.nanoTime();

    ProviderException e = (ProviderException) Await.failure(rcs().revoke(m));

    assertThat(e.kind()).isEqualTo(FailureKind.AMBIGUOUS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .isLessThan(timeout().toMillis() + 500);
  }

  @Test
  void sending_the_same_reference_again_is_accepted_without_a_second_message() {
    OutboundMessage m = message("+12025550160");
    String first = Await.result(provider.send(m)).providerMessageId();

    String second = Await.result(provider.send(m)).providerMessageId();

    assertThat(second).isEqualTo(first);
    assertThat(simulator.handsets().inbox("+12025550160")).hasSize(1);
  }

  private static Map<String, Object> query(URI uri) {
    Map<String, Object> params = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }
}
