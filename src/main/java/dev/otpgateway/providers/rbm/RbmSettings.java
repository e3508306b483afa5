package dev.otpgateway.providers.rbm;

import java.time.Duration;

/** How to reach Google's RCS Business Messaging API, and the token its webhooks are signed with. */
public record RbmSettings(
    String agentId, String accessToken, String webhookToken, String baseUrl, Duration timeout) {
  public boolean hasCredentials() {
    return !agentId.isEmpty() && !accessToken.isEmpty();
  }

  @Override
  public String toString() {
    return "RbmSettings[agentId=" + agentId + ", baseUrl=" + baseUrl + "]";
  }
}
