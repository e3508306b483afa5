package dev.otpgateway.providers.sinch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.providers.OutboundMessage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the adapter asks of Sinch, field by field, and the settings it accepts. */
class SinchBatchRequestTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456Z");

  private final Vertx vertx = Vertx.vertx();
  private final SinchProvider provider =
      new SinchProvider(
          vertx,
          new SinchSettings(
              "plan", "token", "secret", "https://us.sms.api.sinch.com/", Duration.ofSeconds(3)),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void expires_when_the_code_does_in_sinch_format() {
    JsonObject batch =
        provider.batchRequest(
            message("Acme", "https://gw.example/webhooks/sinch", Duration.ofMinutes(5)));

    assertThat(batch.getString("expire_at")).isEqualTo("2026-03-01T10:05:00.123Z");
  }

  @Test
  void never_asks_sinch_to_keep_trying_past_three_days() {
    JsonObject batch = provider.batchRequest(message("Acme", null, Duration.ofDays(30)));

    assertThat(Instant.parse(batch.getString("expire_at")))
        .isEqualTo(Instant.parse("2026-03-04T10:00:00.123Z"));
  }

  @Test
  void leaves_out_what_the_plan_defaults_when_the_message_has_none() {
    JsonObject batch = provider.batchRequest(message(null, null, Duration.ofMinutes(5)));

    assertThat(batch.fieldNames())
        .containsExactlyInAnyOrder(
            "to", "body", "delivery_report", "client_reference", "expire_at");
  }

  @Test
  void settings_normalise_the_base_url_and_refuse_a_useless_timeout() {
    SinchSettings settings =
        new SinchSettings(
            "plan", "token", "", "https://eu.sms.api.sinch.com//", Duration.ofSeconds(1));

    assertThat(settings.batchesUrl()).isEqualTo("https://eu.sms.api.sinch.com/xms/v1/plan/batches");
    assertThat(settings.toString()).doesNotContain("token");
    assertThatThrownBy(() -> new SinchSettings("plan", "token", "", "https://x", Duration.ZERO))
        .hasMessageContaining("must be > 0, but was 0");
  }

  private static OutboundMessage message(String sender, String callbackUrl, Duration validity) {
    return new OutboundMessage(
        "ver_9.1", "+12025550150", "Your code is 123456", sender, callbackUrl, validity);
  }
}
