package dev.otpgateway.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.providers.simulator.SimulatedApi;
import dev.otpgateway.providers.simulator.SimulatedMessage;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.ReceiptCatcher;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one contract every provider adapter passes against the built-in simulator (after Hono's
 * LoraProviderTestBase). Between adapter and simulator sits a recording proxy, so each test also
 * sees the exact request the adapter put on the wire; receipts go to a recording receiver and are
 * verified with the adapter's own {@link ReceiptVerifier}.
 */
public abstract class ProviderContractTest {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  protected Vertx vertx;
  protected ProviderSimulator simulator;
  protected Provider provider;
  protected final BlockingQueue<RecordedRequest> sent = new LinkedBlockingQueue<>();
  protected final BlockingQueue<RecordedRequest> receipts = new LinkedBlockingQueue<>();
  protected String receiverBaseUrl;
  protected String providerBaseUrl;
  private final List<HttpServer> servers = new java.util.ArrayList<>();

  /** The provider's name, as routing rules and the simulator use it. */
  protected abstract String name();

  /** The provider's simulated wire API, accepting the test credentials. */
  protected abstract SimulatedApi simulatedApi();

  /** The adapter, with the test credentials, pointed at {@code baseUrl}. */
  protected abstract Provider provider(Vertx vertx, String baseUrl, Duration timeout);

  /** The adapter with credentials the simulator must refuse. */
  protected abstract Provider providerWithWrongCredentials(Vertx vertx, String baseUrl);

  /** Whether the provider can look a message up by our reference. */
  protected abstract boolean supportsLookup();

  /** The header that carries the provider's receipt signature, lower case. */
  protected abstract String signatureHeader();

  /**
   * Holds the request the adapter sent against the recorded fixture under {@code
   * src/test/resources/providers/<name>/}: path, auth scheme, content type and body fields.
   */
  protected abstract void assertRequestMatchesFixture(
      RecordedRequest request, OutboundMessage message);

  /**
   * A receipt recorded from the provider's documentation or SDK, signed as the real provider signs
   * it, and what reading it must give.
   */
  protected abstract RecordedReceipt recordedReceipt();

  /** A recorded receipt and the reading it must give. */
  public record RecordedReceipt(WebhookRequest request, DeliveryReceipt expected) {}

  protected Duration timeout() {
    return Duration.ofMillis(800);
  }

  @BeforeEach
  void startSimulator() {
    vertx = Vertx.vertx();
    HttpServer receiver =
        Await.result(
            vertx
                .createHttpServer()
                .requestHandler(
                    req -> record(req, receipts, () -> req.response().setStatusCode(200).end()))
                .listen(0, "127.0.0.1"));
    servers.add(receiver);
    receiverBaseUrl = "http://127.0.0.1:" + receiver.actualPort();
    simulator =
        new ProviderSimulator(vertx, Clock.systemUTC(), receiverBaseUrl, List.of(simulatedApi()));
    int simulatorPort = Await.result(simulator.listen("127.0.0.1", 0));
    HttpServer proxy = Await.result(recordingProxy(simulatorPort));
    servers.add(proxy);
    providerBaseUrl = "http://127.0.0.1:" + proxy.actualPort() + "/" + name();
    provider = provider(vertx, providerBaseUrl, timeout());
  }

  @AfterEach
  void stop() {
    Await.result(simulator.close());
    Await.result(vertx.close());
  }

  protected OutboundMessage message(String to) {
    String reference = "ver_contract" + SEQUENCE.incrementAndGet() + ".1";
    return new OutboundMessage(
        reference,
        to,
        "Your Acme code is 123456. It expires in 5 minutes. Don't share it.",
        "Acme",
        receiverBaseUrl + "/webhooks/" + name(),
        Duration.ofMinutes(5),
        Instant.now());
  }

  protected void fault(String json) {
    simulator.configure(name(), json);
  }

  protected String fixture(String file) {
    try {
      return Files.readString(Path.of("src/test/resources/providers", name(), file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected RecordedRequest nextReceipt() {
    try {
      RecordedRequest r = receipts.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a receipt from the simulated " + name()).isNotNull();
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  protected WebhookRequest asWebhook(RecordedRequest r) {
    return new WebhookRequest(r.method(), receiverBaseUrl + r.uri(), r.headers(), r.body());
  }

  @Test
  void accepted_message_reaches_the_handset_as_recorded() {
    OutboundMessage m = message("+12025550101");
    Accepted accepted = Await.result(provider.send(m));

    assertThat(accepted.providerMessageId()).isNotBlank();
    List<SimulatedMessage> inbox = simulator.handsets().inbox("+12025550101");
    assertThat(inbox).hasSize(1);
    assertThat(inbox.get(0).body()).isEqualTo(m.body());
    assertThat(inbox.get(0).provider()).isEqualTo(name());
    assertThat(sent).hasSize(1);
    assertRequestMatchesFixture(sent.peek(), m);
  }

  /**
   * However long a code lives, the adapter keeps the validity it sends within what the provider
   * takes. The simulated provider holds the limit from the provider's own document, not the
   * adapter's, so an adapter whose limit disagreed with the provider's would be refused here.
   */
  @Test
  void the_longest_validity_the_adapter_sends_is_one_the_provider_takes() {
    OutboundMessage m = withValidity(message("+12025550113"), Duration.ofDays(365));

    Accepted accepted = Await.result(provider.send(m));

    assertThat(accepted.providerMessageId()).isNotBlank();
    assertThat(simulator.handsets().inbox("+12025550113")).hasSize(1);
  }

  protected static OutboundMessage withValidity(OutboundMessage m, Duration validity) {
    return new OutboundMessage(
        m.reference(), m.to(), m.body(), m.sender(), m.callbackUrl(), validity, m.startedAt());
  }

  @Test
  void delivered_receipt_verifies_and_names_our_reference() {
    OutboundMessage m = message("+12025550102");
    Accepted accepted = Await.result(provider.send(m));

    List<DeliveryReceipt> read = provider.receipts().verify(asWebhook(nextReceipt()));

    assertThat(read).hasSize(1);
    assertThat(read.get(0).reference()).isEqualTo(m.reference());
    assertThat(read.get(0).providerMessageId()).isEqualTo(accepted.providerMessageId());
    assertThat(read.get(0).status()).isEqualTo(DeliveryReceipt.Status.DELIVERED);
  }

  @Test
  void failure_receipt_says_failed_and_the_handset_gets_nothing() {
    fault("{\"dlr\": \"failed\"}");
    OutboundMessage m = message("+12025550103");
    Await.result(provider.send(m));

    List<DeliveryReceipt> read = provider.receipts().verify(asWebhook(nextReceipt()));

    assertThat(read)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(DeliveryReceipt.Status.FAILED);
              assertThat(r.reference()).isEqualTo(m.reference());
            });
    assertThat(simulator.handsets().inbox("+12025550103")).isEmpty();
  }

  @Test
  void tampered_receipt_is_rejected_as_forged() {
    Await.result(provider.send(message("+12025550104")));
    RecordedRequest r = nextReceipt();
    RecordedRequest tampered;
    if (r.body().length > 0) {
      byte[] body = r.body().clone();
      int i = body.length / 2;
      body[i] = (byte) (body[i] == 'x' ? 'y' : 'x');
      tampered = new RecordedRequest(r.method(), r.uri(), r.headers(), body);
    } else {
      // A receipt sent by GET carries its fields in the query: change one of them.
      String uri = r.uri();
      int i = uri.length() - 1;
      tampered =
          new RecordedRequest(
              r.method(),
              uri.substring(0, i) + (uri.charAt(i) == 'x' ? 'y' : 'x'),
              r.headers(),
              r.body());
    }

    assertThatThrownBy(() -> provider.receipts().verify(asWebhook(tampered)))
        .isInstanceOfSatisfying(
            WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  @Test
  void receipt_without_its_signature_is_rejected_as_unsigned() {
    Await.result(provider.send(message("+12025550105")));
    RecordedRequest r = nextReceipt();
    Map<String, String> headers = new HashMap<>(r.headers());
    headers.remove(signatureHeader());
    RecordedRequest unsigned = new RecordedRequest(r.method(), r.uri(), headers, r.body());

    assertThatThrownBy(() -> provider.receipts().verify(asWebhook(unsigned)))
        .isInstanceOfSatisfying(
            WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void recorded_receipt_from_the_provider_verifies() {
    RecordedReceipt recorded = recordedReceipt();

    List<DeliveryReceipt> read = provider.receipts().verify(recorded.request());

    assertThat(read)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reference()).isEqualTo(recorded.expected().reference());
              assertThat(r.providerMessageId()).isEqualTo(recorded.expected().providerMessageId());
              assertThat(r.status()).isEqualTo(recorded.expected().status());
            });
  }

  @Test
  void server_errors_and_throttling_are_retryable() {
    for (int status : new int[] {500, 503, 429}) {
      fault("{\"error_rate\": 1.0, \"error_status\": " + status + "}");
      ProviderException e =
          (ProviderException) Await.failure(provider.send(message("+12025550106")));
      assertThat(e.kind()).as("status %d", status).isEqualTo(FailureKind.RETRYABLE);
      assertThat(e.httpStatus()).isEqualTo(status);
    }
    assertThat(simulator.handsets().inbox("+12025550106")).isEmpty();
  }

  @Test
  void a_bad_request_is_permanent() {
    fault("{\"error_rate\": 1.0, \"error_status\": 400}");

    ProviderException e = (ProviderException) Await.failure(provider.send(message("+12025550107")));

    assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT);
    assertThat(e.httpStatus()).isEqualTo(400);
  }

  @Test
  void a_provider_that_is_down_is_retryable() {
    fault("{\"down\": true}");

    ProviderException e = (ProviderException) Await.failure(provider.send(message("+12025550108")));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
  }

  @Test
  void a_slow_provider_fails_within_its_timeout_as_ambiguous() {
    fault("{\"latency_ms\": " + (timeout().toMillis() * 3) + "}");
    long started = System.nanoTime();

    ProviderException e = (ProviderException) Await.failure(provider.send(message("+12025550109")));

    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(e.kind()).isEqualTo(FailureKind.AMBIGUOUS);
    // The provider answers only after three timeouts: failing before that is the timeout's doing.
    // (A tighter bound would time the machine, not the adapter.)
    assertThat(elapsedMs).isLessThan(timeout().toMillis() * 3);
  }

  @Test
  void after_an_ambiguous_timeout_lookup_finds_what_the_provider_took() {
    int latency = (int) (timeout().toMillis() * 2);
    fault("{\"latency_ms\": " + latency + "}");
    OutboundMessage m = message("+12025550110");
    Await.failure(provider.send(m));
    Await.until(
        "the simulated " + name() + " took the slow message",
        Duration.ofSeconds(10),
        () -> simulator.handsets().inbox("+12025550110").isEmpty() ? null : true);
    fault("{\"latency_ms\": 0}");

    if (supportsLookup()) {
      Accepted found = Await.result(provider.lookup(m));
      assertThat(found.providerMessageId()).isNotBlank();
    } else {
      ProviderException e = (ProviderException) Await.failure(provider.lookup(m));
      assertThat(e.kind()).isEqualTo(FailureKind.AMBIGUOUS);
    }
  }

  @Test
  void lookup_of_a_message_never_sent_says_it_is_safe_to_send() {
    if (!supportsLookup()) {
      return;
    }
    ProviderException e =
        (ProviderException) Await.failure(provider.lookup(message("+12025550111")));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
  }

  @Test
  void wrong_credentials_are_refused_and_fail_over() {
    Provider wrong = providerWithWrongCredentials(vertx, providerBaseUrl);

    ProviderException e = (ProviderException) Await.failure(wrong.send(message("+12025550112")));

    assertThat(e.httpStatus()).isIn(401, 403);
    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(simulator.handsets().inbox("+12025550112")).isEmpty();
  }

  private io.vertx.core.Future<HttpServer> recordingProxy(int simulatorPort) {
    HttpClient client = vertx.createHttpClient();
    return vertx
        .createHttpServer()
        .requestHandler(
            req ->
                record(
                    req,
                    sent,
                    body ->
                        client
                            .request(
                                new RequestOptions()
                                    .setMethod(req.method())
                                    .setHost("127.0.0.1")
                                    .setPort(simulatorPort)
                                    .setURI(req.uri())
                                    .setHeaders(req.headers()))
                            .compose(out -> out.send(body))
                            .onComplete(
                                ar -> {
                                  if (ar.failed()) {
                                    req.response().setStatusCode(502).end();
                                    return;
                                  }
                                  var in = ar.result();
                                  req.response().setStatusCode(in.statusCode());
                                  req.response().headers().addAll(in.headers());
                                  in.body().onSuccess(b -> req.response().end(b));
                                })))
        .listen(0, "127.0.0.1");
  }

  private static void record(
      HttpServerRequest req, BlockingQueue<RecordedRequest> into, Runnable respond) {
    record(req, into, body -> respond.run());
  }

  private static void record(
      HttpServerRequest req,
      BlockingQueue<RecordedRequest> into,
      java.util.function.Consumer<Buffer> then) {
    req.body()
        .onSuccess(
            body -> {
              into.add(
                  new RecordedRequest(
                      req.method().name(),
                      req.uri(),
                      ReceiptCatcher.headers(req),
                      body.getBytes()));
              then.accept(body);
            });
  }
}
