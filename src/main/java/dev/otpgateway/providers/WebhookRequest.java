package dev.otpgateway.providers;

import java.util.Map;

/**
 * A webhook call as the provider made it.
 *
 * @param method GET or POST
 * @param url the full public URL the provider called, query string included: signatures cover it
 * @param headers header values by lower-case name
 * @param body the raw body, exactly as received
 */
public record WebhookRequest(String method, String url, Map<String, String> headers, byte[] body) {
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }
}
