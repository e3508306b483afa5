package dev.otpgateway.providers.rbm;

import dev.otpgateway.providers.rbm.simulated.RbmSimulatedApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/** The agent, tokens and settings RBM tests share. */
final class RbmTestAgent {
  static final String AGENT_ID = "acme-otp-agent";
  static final String ACCESS_TOKEN = "ya29.simulated-access-token";

  /** The example clientToken of Google's webhook guide, so its recorded receipt verifies. */
  static final String WEBHOOK_TOKEN = "SJENCPGJESMGUFPY";

  private RbmTestAgent() {}

  static RbmSettings settings(String baseUrl, Duration timeout) {
    return new RbmSettings(AGENT_ID, ACCESS_TOKEN, WEBHOOK_TOKEN, baseUrl, timeout);
  }

  static RbmSimulatedApi simulatedApi() {
    return new RbmSimulatedApi(AGENT_ID, ACCESS_TOKEN, WEBHOOK_TOKEN);
  }

  /** A copy of a fixture's JSON with every {@code {name}} placeholder in its strings filled. */
  static JsonObject fill(JsonObject template, Map<String, String> values) {
    JsonObject filled = new JsonObject();
    template.forEach(e -> filled.put(e.getKey(), fillValue(e.getValue(), values)));
    return filled;
  }

  private static Object fillValue(Object value, Map<String, String> values) {
    if (value instanceof JsonObject object) {
      return fill(object, values);
    }
    if (value instanceof JsonArray array) {
      JsonArray filled = new JsonArray();
      array.forEach(v -> filled.add(fillValue(v, values)));
      return filled;
    }
    if (value instanceof String text) {
      String result = text;
      for (Map.Entry<String, String> e : values.entrySet()) {
        result = result.replace("{" + e.getKey() + "}", e.getValue());
      }
      return result;
    }
    return value;
  }
}
