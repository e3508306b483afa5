package dev.otpgateway.providers.messagebird;

import java.time.Duration;

/** How to reach MessageBird's REST API, and the key its webhooks are signed with. */
public record MessageBirdSettings(
    String accessKey, String signingKey, String baseUrl, Duration timeout) {
  public boolean hasCredentials() {
    return !accessKey.isEmpty();
  }

  @Override
  public String toString() {
    return "MessageBirdSettings[baseUrl=" + baseUrl + "]";
  }
}
