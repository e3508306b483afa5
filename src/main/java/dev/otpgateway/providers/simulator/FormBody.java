package dev.otpgateway.providers.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded}, as the simulated providers write it in receipts and in
 * the URIs they hand back: the web's encoding, not any one provider's.
 */
public final class FormBody {
  private FormBody() {}

  /** The fields in the map's order, each name and value percent-encoded. */
  public static String encode(Map<String, String> fields) {
    StringBuilder encoded = new StringBuilder();
    fields.forEach(
        (name, value) -> {
          if (encoded.length() > 0) {
            encoded.append('&');
          }
          encoded.append(component(name)).append('=').append(component(value));
        });
    return encoded.toString();
  }

  public static String component(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
