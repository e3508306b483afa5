package dev.otpgateway.providers.rbm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Ports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An RBM nobody answers for: every call fails over, and no answer is remembered. */
class RbmProviderConnectionTest {
  private Vertx vertx;
  private RbmProvider provider;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    String nobody = "http://127.0.0.1:" + Ports.free() + "/rbm";
    provider = new RbmProvider(vertx, RbmTestAgent.settings(nobody, Duration.ofMillis(800)));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void a_refused_connection_is_retryable_for_every_call() {
    OutboundMessage m =
        new OutboundMessage(
            "ver_refused1.1",
            "+12025550160",
            "Your code is 123456",
            "Acme",
            null,
            Duration.ofMinutes(5));

    assertRetryable(provider.send(m));
    assertRetryable(provider.isRcsCapable("+12025550160"));
    assertRetryable(provider.isRcsCapable("+12025550160"));
    assertRetryable(provider.revoke(m));
  }

  private static void assertRetryable(Future<?> call) {
    ProviderException e = (ProviderException) Await.failure(call);
    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
    assertThat(e.reason()).isEqualTo("connection_refused");
    assertThat(e.getMessage()).doesNotContain("123456").doesNotContain(RbmTestAgent.ACCESS_TOKEN);
  }
}
