package dev.otpgateway.providers.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Ports;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwilioProviderTest {

  @ParameterizedTest(name = "{0} → {1} s")
  @CsvSource({"PT5M, 300", "PT0.2S, 1", "PT0S, 1", "PT10H, 36000", "PT24H, 36000"})
  void validity_stays_within_twilios_range(Duration validity, int seconds) {
    assertThat(TwilioProvider.validitySeconds(validity)).isEqualTo(seconds);
  }

  @ParameterizedTest
  @CsvSource({
    "/relative/only",
    "https://gw.example.com/cb?ref=theirs",
    "https://gw.example.com/cb?a=%zz"
  })
  void an_unusable_callback_url_fails_before_anything_is_sent(String callbackUrl) {
    Vertx vertx = Vertx.vertx();
    try (TwilioProvider provider =
        new TwilioProvider(
            vertx,
            new TwilioSettings(
                "AC1",
                "token",
                "http://127.0.0.1:" + Ports.free() + "/twilio",
                Duration.ofMillis(800),
                2,
                1))) {
      OutboundMessage message =
          new OutboundMessage(
              "ver_1.1", "+12025550101", "code", "Acme", callbackUrl, Duration.ofMinutes(5));

      ProviderException e = (ProviderException) Await.failure(provider.send(message));

      assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
      assertThat(e.reason()).isEqualTo("invalid_callback_url");
    } finally {
      Await.result(vertx.close());
    }
  }
}
