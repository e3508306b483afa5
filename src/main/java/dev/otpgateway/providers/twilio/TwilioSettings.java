package dev.otpgateway.providers.twilio;

import java.time.Duration;

/**
 * How to reach Twilio.
 *
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
  public boolean hasCredentials() {
    return !accountSid.isEmpty() && !authToken.isEmpty();
  }

  @Override
  public String toString() {
    return "TwilioSettings[accountSid=" + accountSid + ", baseUrl=" + baseUrl + "]";
  }
}
