package dev.otpgateway.providers.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Twilio. Validated here, so a bad value fails at start with the value that is wrong.
 *
 * @param accountSid the Account SID ({@code AC...}); empty when Twilio is not configured
 * @param authToken the auth token: Basic-auth password and the key of {@code X-Twilio-Signature}
 * @param baseUrl {@code https://api.twilio.com}, or another base (the simulator) the SDK's requests
 *     are redirected to
 * @param timeout the bound on one call, from the moment it is handed to the adapter
 * @param maxConnections the SDK's connection pool, per route and in total (its default of 20 per
 *     host throttles a busy gateway)
 * @param threads the bounded executor the SDK's blocking calls run on: Twilio's bulkhead
 */
public record TwilioSettings(
    String accountSid,
    String authToken,
    String baseUrl,
    Duration timeout,
    int maxConnections,
    int threads) {

  public TwilioSettings {
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(authToken, "authToken");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(timeout, "timeout");
    if (!isHttpUrl(baseUrl)) {
      throw new IllegalArgumentException(
          "baseUrl must be an absolute http(s) URL, but was '" + baseUrl + "'");
    }
    if (timeout.isNegative() || timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 ms, but was " + timeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be > 0, but was " + maxConnections);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be > 0, but was " + threads);
    }
  }

  public boolean hasCredentials() {
    return !accountSid.isEmpty() && !authToken.isEmpty();
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "TwilioSettings[accountSid=" + accountSid + ", baseUrl=" + baseUrl + "]";
  }
}
