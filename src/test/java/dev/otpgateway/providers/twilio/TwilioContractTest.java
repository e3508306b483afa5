package dev.otpgateway.providers.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.delivery.BreakerBus;
import dev.otpgateway.delivery.BreakerSettings;
import dev.otpgateway.delivery.Breakers;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.ProviderContractTest;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.providers.RecordedRequest;
import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.providers.simulator.SimulatedApi;
import dev.otpgateway.providers.twilio.simulated.TwilioSimulatedApi;
import dev.otpgateway.routing.BreakerState;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.LogCapture;
import dev.otpgateway.testing.Ports;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Twilio's adapter against the simulated Twilio: the shared contract, plus what is particular to an
 * SDK that blocks (its own bounded executor, answers on the caller's context, one attempt per call)
 * and to its error responses.
 */
class TwilioContractTest extends ProviderContractTest {
  static final String ACCOUNT_SID = "AC5ef8732a3c49700934481addd5ce1659";
  static final String AUTH_TOKEN = "9f0c5c1d2b7e4a6f8d3e1b0a7c6d5e4f";
  private static final int THREADS = 2;

  private final List<TwilioProvider> opened = new ArrayList<>();

  @AfterEach
  void closeProviders() {
    opened.forEach(TwilioProvider::close);
  }

  @Override
  protected String name() {
    return TwilioProvider.NAME;
  }

  @Override
  protected SimulatedApi simulatedApi() {
    return new TwilioSimulatedApi(ACCOUNT_SID, AUTH_TOKEN);
  }

  @Override
  protected Provider provider(Vertx vertx, String baseUrl, Duration timeout) {
    return open(vertx, new TwilioSettings(ACCOUNT_SID, AUTH_TOKEN, baseUrl, timeout, 8, THREADS));
  }

  @Override
  protected Provider providerWithWrongCredentials(Vertx vertx, String baseUrl) {
    return open(
        vertx,
        new TwilioSettings(
            ACCOUNT_SID, "0000000000000000000000000000000f", baseUrl, timeout(), 8, THREADS));
  }

  private TwilioProvider open(Vertx vertx, TwilioSettings settings) {
    TwilioProvider provider = new TwilioProvider(vertx, settings);
    opened.add(provider);
    return provider;
  }

  @Override
  protected boolean supportsLookup() {
    return true;
  }

  @Override
  protected String signatureHeader() {
    return TwilioReceiptVerifier.SIGNATURE_HEADER;
  }

  @Override
  protected void assertRequestMatchesFixture(RecordedRequest request, OutboundMessage message) {
    JsonObject fixture = new JsonObject(fixture("send-message.request.json"));
    Map<String, String> values =
        Map.of(
            "{AccountSid}", ACCOUNT_SID,
            "{AuthToken}", AUTH_TOKEN,
            "{to}", message.to(),
            "{sender}", message.sender(),
            "{body}", message.body(),
            "{callbackUrl}", message.callbackUrl(),
            "{reference}", message.reference(),
            "{validitySeconds}", Long.toString(message.validity().toSeconds()));

    assertThat(request.method()).isEqualTo(fixture.getString("method"));
    assertThat(request.uri()).isEqualTo("/" + name() + fill(fixture.getString("path"), values));
    String[] auth = fixture.getString("authorization").split(" ", 2);
    String credentials = fill(auth[1], values);
    assertThat(request.header("authorization"))
        .isEqualTo(
            auth[0]
                + " "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    assertThat(request.header("content-type")).startsWith(fixture.getString("content_type"));
    Map<String, String> expected = new HashMap<>();
    fixture
        .getJsonObject("form")
        .forEach(e -> expected.put(e.getKey(), fill((String) e.getValue(), values)));
    assertThat(FormEncoding.decode(request.bodyText())).isEqualTo(expected);
  }

  private static String fill(String template, Map<String, String> values) {
    String filled = template;
    for (Map.Entry<String, String> v : values.entrySet()) {
      filled = filled.replace(v.getKey(), v.getValue());
    }
    return filled;
  }

  @Override
  protected RecordedReceipt recordedReceipt() {
    String raw = fixture("status-callback-delivered.http");
    String[] headAndBody = raw.split("\r\n\r\n", 2);
    String[] lines = headAndBody[0].split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] header = lines[i].split(":", 2);
      headers.put(header[0].strip().toLowerCase(Locale.ROOT), header[1].strip());
    }
    WebhookRequest request =
        new WebhookRequest(
            requestLine[0],
            "https://" + headers.get("host") + requestLine[1],
            headers,
            headAndBody[1].getBytes(StandardCharsets.UTF_8));
    return new RecordedReceipt(
        request,
        new DeliveryReceipt(
            "ver_recorded.1",
            "SM1342fe1b2c904d1ab04f0fc7a58abca9",
            DeliveryReceipt.Status.DELIVERED,
            null,
            Instant.EPOCH));
  }

  @Test
  void answers_on_the_callers_event_loop_not_on_a_twilio_thread() {
    Context caller = vertx.getOrCreateContext();
    Promise<String> thread = Promise.promise();
    caller.runOnContext(
        v ->
            provider
                .send(message("+12025550120"))
                .onComplete(
                    ar -> {
                      boolean sameContext = Vertx.currentContext() == caller;
                      thread.complete(
                          (sameContext ? "caller:" : "other:") + Thread.currentThread().getName());
                    }));

    String answeredOn = Await.result(thread.future());

    assertThat(answeredOn).startsWith("caller:").doesNotContain("twilio-sdk");
  }

  @Test
  void a_server_error_is_tried_once_not_retried_by_the_sdk() {
    fault("{\"error_rate\": 1.0, \"error_status\": 503}");

    ProviderException e = (ProviderException) Await.failure(provider.send(message("+12025550121")));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.reason()).isEqualTo("http_503_20503");
    assertThat(sent).hasSize(1);
  }

  @Test
  void a_full_bulkhead_fails_fast_as_retryable() {
    fault("{\"latency_ms\": " + (timeout().toMillis() * 2) + "}");
    List<Future<Accepted>> calls = new ArrayList<>();
    // THREADS running, THREADS queued: the next one finds no room.
    for (int i = 0; i < THREADS * 2; i++) {
      calls.add(provider.send(message("+1202555013" + i)));
    }

    long started = System.nanoTime();
    ProviderException e = (ProviderException) Await.failure(provider.send(message("+12025550139")));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.reason()).isEqualTo("bulkhead_full");
    assertThat(e.ownLimit()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(timeout());
    calls.forEach(Await::failure);
  }

  /**
   * When a region's traffic moves onto Twilio all at once, the gateway's own bulkhead refuses what
   * it cannot hold, and those messages fail over. That is no sign of Twilio's health: counted, it
   * opened Twilio's breaker on every member in a benchmark whose simulated Twilio was well.
   */
  @Test
  void its_own_full_bulkhead_does_not_open_twilios_breaker_but_twilios_errors_do() {
    int maxFailures = 5;
    Breakers breakers =
        new Breakers(
            vertx,
            Map.of(name(), provider),
            new BreakerSettings(maxFailures, Duration.ofMinutes(1), Duration.ofMinutes(1)),
            new Metrics(),
            BreakerBus.NONE);
    fault("{\"latency_ms\": " + (timeout().toMillis() * 2) + "}");
    List<Future<Accepted>> held = new ArrayList<>();
    // THREADS running (they time out: Twilio's own slowness, and counted), THREADS queued (they
    // are withdrawn at their deadline: the gateway's limit), and no room for any more.
    for (int i = 0; i < THREADS * 2; i++) {
      String to = "+1202555014" + i;
      held.add(breakers.execute(name(), () -> provider.send(message(to))));
    }
    for (int i = 0; i < maxFailures * 2; i++) {
      String to = "+1202555015" + i;
      ProviderException refused =
          (ProviderException)
              Await.failure(breakers.execute(name(), () -> provider.send(message(to))));
      assertThat(refused.reason()).isEqualTo("bulkhead_full");
    }
    List<String> heldReasons =
        held.stream().map(f -> ((ProviderException) Await.failure(f)).reason()).toList();
    // Which queued calls are withdrawn depends on the box: a running call's own timeout can free
    // its thread before a queued call's deadline, and the queued call then runs and times out too
    // (all four "timeout" in a CI run on a busy machine). Either way fewer than maxFailures count.
    assertThat(heldReasons)
        .isSubsetOf("timeout", "bulkhead_timeout")
        .filteredOn("timeout"::equals)
        .hasSizeLessThan(maxFailures);

    assertThat(breakers.state(name())).isEqualTo(BreakerState.CLOSED);

    // The same breaker counts Twilio's own failures: server errors open it, and the line saying
    // so names the last one.
    fault("{\"latency_ms\": 0, \"error_rate\": 1.0, \"error_status\": 503}");
    LogCapture log = new LogCapture();
    log.start();
    try {
      for (int i = 0; i < maxFailures; i++) {
        String to = "+1202555016" + i;
        Await.failure(breakers.execute(name(), () -> provider.send(message(to))));
      }
    } finally {
      log.stop();
      breakers.close();
    }
    assertThat(breakers.state(name())).isEqualTo(BreakerState.OPEN);
    assertThat(log.text())
        .contains("circuit breaker of twilio is now OPEN (last failure counted: http_503_20503)");
  }

  @Test
  void connection_refused_is_retryable() {
    Provider closed = provider(vertx, "http://127.0.0.1:" + Ports.free() + "/twilio", timeout());

    ProviderException e = (ProviderException) Await.failure(closed.send(message("+12025550122")));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.reason()).isEqualTo("connection_refused");
  }

  @Test
  void an_error_page_without_twilio_json_keeps_its_http_status() {
    HttpServer proxyError =
        Await.result(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.response()
                            .setStatusCode(502)
                            .putHeader("content-type", "text/html")
                            .end("<html><body>Bad Gateway</body></html>"))
                .listen(0, "127.0.0.1"));
    Provider behindProxy =
        provider(vertx, "http://127.0.0.1:" + proxyError.actualPort() + "/twilio", timeout());

    ProviderException e =
        (ProviderException) Await.failure(behindProxy.send(message("+12025550123")));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.httpStatus()).isEqualTo(502);
  }

  @Test
  void errors_never_carry_the_message_body_or_the_auth_token() {
    fault("{\"error_rate\": 1.0, \"error_status\": 400}");
    OutboundMessage m = message("+12025550124");

    ProviderException e = (ProviderException) Await.failure(provider.send(m));

    assertThat(e.getMessage())
        .contains("21211")
        .doesNotContain(m.body())
        .doesNotContain("123456")
        .doesNotContain(AUTH_TOKEN);
  }

  @Test
  void lookup_without_the_attempts_start_cannot_attribute_a_match_and_says_ambiguous() {
    OutboundMessage m = message("+12025550125");
    Await.result(provider.send(m));
    // A send settled after its member was lost: when its attempt started is not known.
    OutboundMessage settled =
        new OutboundMessage(
            m.reference(), m.to(), m.body(), m.sender(), m.callbackUrl(), m.validity());

    ProviderException e = (ProviderException) Await.failure(provider.lookup(settled));

    assertThat(e.kind()).isEqualTo(FailureKind.AMBIGUOUS);
    assertThat(e.reason()).isEqualTo("lookup_unattributable");
  }

  @Test
  void lookup_finds_the_message_and_its_segments() {
    OutboundMessage m = message("+12025550126");
    Accepted sentMessage = Await.result(provider.send(m));

    Accepted found = Await.result(provider.lookup(m));

    assertThat(found).isEqualTo(sentMessage);
    assertThat(found.segments()).isEqualTo(1);
  }

  @Test
  void a_failure_receipt_names_twilios_error_code() {
    fault("{\"dlr\": \"failed\"}");
    OutboundMessage m = message("+12025550127");
    Await.result(provider.send(m));

    List<DeliveryReceipt> read = provider.receipts().verify(asWebhook(nextReceipt()));

    assertThat(read).singleElement().extracting(DeliveryReceipt::errorCode).isEqualTo("30003");
  }

  @Test
  void a_callback_url_with_a_query_keeps_it_and_adds_the_reference() {
    OutboundMessage m =
        new OutboundMessage(
            "ver_query.1",
            "+12025550128",
            "Your Acme code is 654321.",
            "Acme",
            receiverBaseUrl + "/webhooks/twilio?tenant=acme",
            Duration.ofMinutes(5));
    Await.result(provider.send(m));

    RecordedRequest receipt = nextReceipt();
    List<DeliveryReceipt> read = provider.receipts().verify(asWebhook(receipt));

    assertThat(receipt.uri()).isEqualTo("/webhooks/twilio?tenant=acme&ref=ver_query.1");
    assertThat(read)
        .singleElement()
        .extracting(DeliveryReceipt::reference)
        .isEqualTo("ver_query.1");
  }

  @Test
  void the_pool_holds_max_connections_and_a_busy_pool_fails_before_sending() {
    fault("{\"latency_ms\": " + (timeout().toMillis() / 2) + "}");
    TwilioProvider onePooled =
        open(
            vertx,
            new TwilioSettings(ACCOUNT_SID, AUTH_TOKEN, providerBaseUrl, timeout(), 1, THREADS));
    TwilioProvider twoPooled =
        open(
            vertx,
            new TwilioSettings(ACCOUNT_SID, AUTH_TOKEN, providerBaseUrl, timeout(), 2, THREADS));

    // Two calls at once through one connection: whichever leases it second fails.
    List<Future<Accepted>> onePool =
        List.of(onePooled.send(message("+12025550140")), onePooled.send(message("+12025550141")));
    List<Future<Accepted>> twoPool =
        List.of(twoPooled.send(message("+12025550142")), twoPooled.send(message("+12025550143")));

    List<ProviderException> failures = new ArrayList<>();
    for (Future<Accepted> call : onePool) {
      try {
        Await.result(call);
      } catch (ProviderException e) {
        failures.add(e);
      }
    }
    assertThat(failures)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
              assertThat(e.reason()).isEqualTo("pool_exhausted");
            });
    assertThat(
            simulator.handsets().inbox("+12025550140").size()
                + simulator.handsets().inbox("+12025550141").size())
        .isEqualTo(1);
    twoPool.forEach(Await::result);
  }

  /** Twilio takes no ValidityPeriod under a second, so the adapter never sends one. */
  @Test
  void the_shortest_validity_the_adapter_sends_is_one_twilio_takes() {
    OutboundMessage m = withValidity(message("+12025550114"), Duration.ZERO);

    Await.result(provider.send(m));

    assertThat(simulator.handsets().inbox("+12025550114")).hasSize(1);
    assertThat(new String(sent.peek().body(), StandardCharsets.UTF_8).split("&"))
        .contains("ValidityPeriod=1");
  }
}
