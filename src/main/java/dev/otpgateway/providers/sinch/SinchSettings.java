package dev.otpgateway.providers.sinch;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Sinch's SMS REST API, and the secret its callbacks are signed with.
 *
 * <p>Empty credentials are allowed (the provider is then simply not configured, see {@link
 * #hasCredentials()}); missing values and a non-positive timeout are not.
 *
 * @param servicePlanId the service plan the API token belongs to; part of every path
 * @param apiToken the plan's REST API token, sent as {@code Authorization: Bearer}
 * @param webhookSecret the secret Sinch signs callbacks with ({@code x-sinch-webhook-signature})
 * @param baseUrl the regional API root, e.g. {@code https://us.sms.api.sinch.com}
 * @param timeout the bound on one whole call, connection included
 */
public record SinchSettings(
    String servicePlanId, String apiToken, String webhookSecret, String baseUrl, Duration timeout) {

  public SinchSettings {
    Objects.requireNonNull(servicePlanId, "servicePlanId");
    Objects.requireNonNull(apiToken, "apiToken");
    Objects.requireNonNull(webhookSecret, "webhookSecret");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "providers.sinch.timeout_ms must be > 0, but was " + timeout.toMillis());
    }
    // The adapter appends "/xms/v1/...": a trailing slash would double it.
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
  }

  public boolean hasCredentials() {
    return !servicePlanId.isEmpty() && !apiToken.isEmpty();
  }

  /** The batches collection of this plan: where messages are sent and listed. */
  String batchesUrl() {
    return baseUrl + "/xms/v1/" + servicePlanId + "/batches";
  }

  @Override
  public String toString() {
    return "SinchSettings[servicePlanId=" + servicePlanId + ", baseUrl=" + baseUrl + "]";
  }
}
