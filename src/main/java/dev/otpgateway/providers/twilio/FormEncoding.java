package dev.otpgateway.providers.twilio;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded}, strictly: Twilio signs decoded names and values, so a
 * body that decodes two ways (a repeated name, a broken escape) is refused rather than guessed at.
 */
final class FormEncoding {
  private FormEncoding() {}

  /**
   * @return the fields in body order
   * @throws IllegalArgumentException when a name repeats or an escape is malformed
   */
  static Map<String, String> decode(String encoded) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return fields;
    }
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) {
        throw new IllegalArgumentException("empty form field");
      }
      int equals = pair.indexOf('=');
      String name =
          URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value =
          equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      if (fields.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException("form field '" + name + "' repeats");
      }
    }
    return fields;
  }

  static String encode(Map<String, String> fields) {
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

  static String component(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
