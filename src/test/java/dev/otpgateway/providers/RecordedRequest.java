package dev.otpgateway.providers;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP request exactly as it crossed the wire, headers by lower-case name. */
public record RecordedRequest(String method, String uri, Map<String, String> headers, byte[] body) {
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }
}
