package dev.otpgateway.providers.rbm;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Google's RCS Business Messaging API, and the token its webhooks are signed with.
 *
 * @param agentId the agent's id, sent as {@code agentId} on every call
 * @param accessToken a ready OAuth 2.0 access token for the scope {@code
 *     https://www.googleapis.com/auth/rcsbusinessmessaging}
 * @param webhookToken the webhook's {@code clientToken}, the key of {@code X-Goog-Signature}
 * @param baseUrl {@code https://rcsbusinessmessaging.googleapis.com}, or a regional endpoint
 * @param timeout the bound on one call, connection included
 */
public record RbmSettings(
    String agentId, String accessToken, String webhookToken, String baseUrl, Duration timeout) {
  public RbmSettings {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(webhookToken, "webhookToken");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be > 0, but was " + timeout);
    }
  }

  public boolean hasCredentials() {
    return !agentId.isEmpty() && !accessToken.isEmpty();
  }

  @Override
  public String toString() {
    return "RbmSettings[agentId=" + agentId + ", baseUrl=" + baseUrl + "]";
  }
}
