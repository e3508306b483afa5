package dev.otpgateway.providers.sinch;

import java.time.Duration;

/** How to reach Sinch's SMS REST API, and the secret its callbacks are signed with. */
public record SinchSettings(
    String servicePlanId, String apiToken, String webhookSecret, String baseUrl, Duration timeout) {
  public boolean hasCredentials() {
    return !servicePlanId.isEmpty() && !apiToken.isEmpty();
  }

  @Override
  public String toString() {
    return "SinchSettings[servicePlanId=" + servicePlanId + ", baseUrl=" + baseUrl + "]";
  }
}
