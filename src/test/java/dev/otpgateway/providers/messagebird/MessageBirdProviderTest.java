package dev.otpgateway.providers.messagebird;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.providers.messagebird.simulated.MessageBirdSimulatedApi;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Ports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the MessageBird adapter does beyond the shared contract, against the simulated API. */
class MessageBirdProviderTest {
  private static final Duration TIMEOUT = Duration.ofMillis(800);

  private Vertx vertx;
  private ProviderSimulator simulator;
  private String baseUrl;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    simulator =
        new ProviderSimulator(
            vertx,
            Clock.systemUTC(),
            "http://127.0.0.1:" + Ports.free(),
            List.of(
                new MessageBirdSimulatedApi(
                    MessageBirdContractTest.ACCESS_KEY, MessageBirdContractTest.SIGNING_KEY)));
    baseUrl = "http://127.0.0.1:" + Await.result(simulator.listen("127.0.0.1", 0)) + "/messagebird";
    // No receipts: these tests are about the API, and nobody listens for them.
    fault(false, 0, 500, 0);
  }

  @AfterEach
  void stop() {
    Await.result(simulator.close());
    Await.result(vertx.close());
  }

  @Test
  void counts_the_parts_messagebird_reports() {
    Accepted accepted =
        Await.result(provider(256).send(message("+12025550150", "ver_p.1", "x".repeat(200))));

    assertThat(accepted.providerMessageId()).matches("[0-9a-f]{32}");
    assertThat(accepted.segments()).isEqualTo(2);
  }

  @Test
  void a_message_without_sender_fails_over_without_a_call() {
    OutboundMessage noSender =
        new OutboundMessage(
            "ver_s.1", "+12025550151", "Your code is 123456", null, null, Duration.ofMinutes(5));

    ProviderException e = (ProviderException) Await.failure(provider(256).send(noSender));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.reason()).isEqualTo("no_sender");
    assertThat(simulator.handsets().inbox("+12025550151")).isEmpty();
  }

  @Test
  void an_unroutable_number_is_permanent_and_an_empty_balance_retryable() {
    fault(false, 1.0, 422, 0);
    ProviderException invalid =
        (ProviderException) Await.failure(provider(256).send(message("+12025550152", "ver_i.1")));
    fault(false, 1.0, 402, 0);
    ProviderException balance =
        (ProviderException) Await.failure(provider(256).send(message("+12025550152", "ver_i.2")));

    assertThat(invalid.kind()).isEqualTo(FailureKind.PERMANENT);
    assertThat(invalid.reason()).isEqualTo("http_422_9");
    assertThat(balance.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(balance.reason()).isEqualTo("http_402_25");
  }

  @Test
  void lookup_tells_apart_messages_to_the_same_number_by_reference() {
    MessageBirdProvider provider = provider(256);
    String first =
        Await.result(provider.send(message("+12025550153", "ver_l.1"))).providerMessageId();
    String second =
        Await.result(provider.send(message("+12025550153", "ver_l.2"))).providerMessageId();

    assertThat(
            Await.result(provider.lookup(message("+12025550153", "ver_l.1"))).providerMessageId())
        .isEqualTo(first);
    assertThat(
            Await.result(provider.lookup(message("+12025550153", "ver_l.2"))).providerMessageId())
        .isEqualTo(second);
    ProviderException absent =
        (ProviderException) Await.failure(provider.lookup(message("+12025550153", "ver_l.3")));
    assertThat(absent.kind()).isEqualTo(FailureKind.RETRYABLE);
  }

  @Test
  void lookup_reads_further_pages_when_the_number_got_many_messages() {
    MessageBirdProvider provider = provider(256);
    for (int i = 1; i <= 25; i++) {
      Await.result(provider.send(message("+12025550154", "ver_m." + i)));
    }

    Accepted oldest = Await.result(provider.lookup(message("+12025550154", "ver_m.1")));

    assertThat(oldest.providerMessageId()).matches("[0-9a-f]{32}");
  }

  @Test
  void a_lookup_that_cannot_reach_messagebird_says_nothing() {
    fault(true, 0, 500, 0);

    ProviderException e =
        (ProviderException) Await.failure(provider(256).lookup(message("+12025550155", "ver_d.1")));

    assertThat(e.kind()).isEqualTo(FailureKind.AMBIGUOUS);
  }

  @Test
  void waiting_for_a_busy_pool_is_retryable_because_nothing_was_sent() {
    MessageBirdProvider provider = provider(1);
    fault(false, 0, 500, (int) (TIMEOUT.toMillis() * 2));
    Future<Accepted> holdsTheOnlyConnection = provider.send(message("+12025550156", "ver_b.1"));

    long started = System.nanoTime();
    ProviderException e =
        (ProviderException) Await.failure(provider.send(message("+12025550157", "ver_b.2")));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.reason()).isEqualTo("connect_timeout");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .isLessThan(TIMEOUT.toMillis() / 2);
    assertThat(((ProviderException) Await.failure(holdsTheOnlyConnection)).kind())
        .isEqualTo(FailureKind.AMBIGUOUS);
  }

  @Test
  void a_refused_connection_is_retryable() {
    MessageBirdProvider provider =
        new MessageBirdProvider(
            vertx,
            new MessageBirdSettings(
                MessageBirdContractTest.ACCESS_KEY,
                MessageBirdContractTest.SIGNING_KEY,
                "http://127.0.0.1:" + Ports.free(),
                TIMEOUT));

    ProviderException e =
        (ProviderException) Await.failure(provider.send(message("+12025550158", "ver_r.1")));

    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.httpStatus()).isZero();
  }

  @Test
  void settings_refuse_what_cannot_work_and_keep_keys_out_of_their_string() {
    MessageBirdSettings settings =
        new MessageBirdSettings(
            "live_secret", "signing_secret", "https://rest.messagebird.com/", TIMEOUT);

    assertThat(settings.baseUrl()).isEqualTo("https://rest.messagebird.com");
    assertThat(settings.maxConnections()).isEqualTo(MessageBirdSettings.DEFAULT_MAX_CONNECTIONS);
    assertThat(settings.toString()).doesNotContain("secret");
    assertThatThrownBy(() -> new MessageBirdSettings("k", "s", "ftp://x", TIMEOUT))
        .hasMessageContaining("base_url");
    assertThatThrownBy(() -> new MessageBirdSettings("k", "s", "https://x", Duration.ZERO))
        .hasMessageContaining("timeout_ms must be from 4 to 60000, but was 0");
    assertThatThrownBy(() -> new MessageBirdSettings("k", "s", "https://x", TIMEOUT, 0))
        .hasMessageContaining("max_connections must be from 1 to 10000, but was 0");
  }

  private MessageBirdProvider provider(int maxConnections) {
    return new MessageBirdProvider(
        vertx,
        new MessageBirdSettings(
            MessageBirdContractTest.ACCESS_KEY,
            MessageBirdContractTest.SIGNING_KEY,
            baseUrl,
            TIMEOUT,
            maxConnections));
  }

  private static OutboundMessage message(String to, String reference) {
    return message(to, reference, "Your Acme code is 123456.");
  }

  private static OutboundMessage message(String to, String reference, String body) {
    return new OutboundMessage(reference, to, body, "Acme", null, Duration.ofMinutes(5));
  }

  private void fault(boolean down, double errorRate, int errorStatus, int latencyMs) {
    simulator.configure(
        "messagebird",
        new JsonObject()
            .put("down", down)
            .put("error_rate", errorRate)
            .put("error_status", errorStatus)
            .put("latency_ms", latencyMs)
            .put("dlr", "none")
            .put("dlr_delay_ms", 0));
  }
}
