package dev.otpgateway.providers.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Settings the simulator refuses, with what is wrong with each field (JSON names). */
public final class InvalidSettingsException extends IllegalArgumentException {
  private final transient Map<String, String> errors;

  public InvalidSettingsException(Map<String, String> errors) {
    super(describe(errors));
    this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  /** Field (e.g. {@code countries.GB.latency_ms}) to what is wrong with its value. */
  public Map<String, String> errors() {
    return errors;
  }

  private static String describe(Map<String, String> errors) {
    StringBuilder detail = new StringBuilder();
    errors.forEach(
        (field, message) -> {
          if (detail.length() > 0) {
            detail.append("; ");
          }
          detail.append(field).append(": ").append(message);
        });
    return detail.toString();
  }
}
