package dev.otpgateway.providers.messagebird;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach MessageBird's REST API, and the key its webhooks are signed with.
 *
 * @param accessKey the REST API access key ({@code Authorization: AccessKey ...}); empty when not
 *     configured
 * @param signingKey the key status reports are signed with ({@code MessageBird-Signature-JWT}); not
 *     the access key
 * @param baseUrl e.g. {@code https://rest.messagebird.com}; a trailing slash is dropped
 * @param timeout the bound of one API call, connecting included
 * @param maxConnections the adapter's HTTP/1.1 connection pool: the most calls in flight at once
 */
public record MessageBirdSettings(
    String accessKey, String signingKey, String baseUrl, Duration timeout, int maxConnections) {

  /** Enough for the US load tests, where MessageBird carries most of the traffic. */
  public static final int DEFAULT_MAX_CONNECTIONS = 256;

  public MessageBirdSettings {
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(timeout, "timeout");
    if (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "providers.messagebird.base_url must be an http(s) URL, but was '" + baseUrl + "'");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "providers.messagebird.base_url must be an http(s) URL without a query, but was '"
              + baseUrl
              + "'");
    }
    if (timeout.toMillis() < 4 || timeout.toMillis() > 60_000) {
      throw new IllegalArgumentException(
          "providers.messagebird.timeout_ms must be from 4 to 60000, but was "
              + timeout.toMillis());
    }
    if (maxConnections < 1 || maxConnections > 10_000) {
      throw new IllegalArgumentException(
          "providers.messagebird.max_connections must be from 1 to 10000, but was "
              + maxConnections);
    }
  }

  /** The settings the configuration loader builds today, with the default pool size. */
  public MessageBirdSettings(
      String accessKey, String signingKey, String baseUrl, Duration timeout) {
    this(accessKey, signingKey, baseUrl, timeout, DEFAULT_MAX_CONNECTIONS);
  }

  public boolean hasCredentials() {
    return !accessKey.isEmpty();
  }

  @Override
  public String toString() {
    // Both keys are secrets: never print them.
    return "MessageBirdSettings[baseUrl=" + baseUrl + ", maxConnections=" + maxConnections + "]";
  }
}
