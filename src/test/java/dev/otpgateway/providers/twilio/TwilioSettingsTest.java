package dev.otpgateway.providers.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TwilioSettingsTest {
  private static TwilioSettings settings(String baseUrl, Duration timeout, int pool, int threads) {
    return new TwilioSettings("AC1", "token", baseUrl, timeout, pool, threads);
  }

  @Test
  void rejects_what_cannot_work_naming_the_value() {
    assertThatThrownBy(() -> settings("api.twilio.com", Duration.ofSeconds(3), 8, 4))
        .hasMessage("baseUrl must be an absolute http(s) URL, but was 'api.twilio.com'");
    assertThatThrownBy(() -> settings("https://api.twilio.com", Duration.ZERO, 8, 4))
        .hasMessage("timeout must be at least 1 ms, but was PT0S");
    assertThatThrownBy(() -> settings("https://api.twilio.com", Duration.ofSeconds(3), 0, 4))
        .hasMessage("maxConnections must be > 0, but was 0");
    assertThatThrownBy(() -> settings("https://api.twilio.com", Duration.ofSeconds(3), 8, -1))
        .hasMessage("threads must be > 0, but was -1");
  }

  @Test
  void unconfigured_credentials_are_allowed_but_reported() {
    TwilioSettings none =
        new TwilioSettings("", "", "https://api.twilio.com", Duration.ofSeconds(3), 8, 4);

    assertThat(none.hasCredentials()).isFalse();
    assertThat(
            settings("http://127.0.0.1:8081/twilio", Duration.ofSeconds(3), 8, 4).hasCredentials())
        .isTrue();
  }

  @Test
  void never_prints_the_auth_token() {
    assertThat(settings("https://api.twilio.com", Duration.ofSeconds(3), 8, 4).toString())
        .doesNotContain("token");
  }
}
