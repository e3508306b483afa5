package dev.otpgateway.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One configuration key: its YAML path, the environment variable that overrides it, its default and
 * what it means. The README's configuration table lists exactly these keys; a test holds it to
 * that.
 */
record ConfigKey(String path, ConfigType type, String defaultValue, String description) {

  /**
   * {@code providers.twilio.auth_token} is overridden by {@code OTPGW_PROVIDERS_TWILIO_AUTH_TOKEN}.
   */
  String envName() {
    return "OTPGW_" + path.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The kinds of value a key takes, each with the words an error uses for what was expected. */
  enum ConfigType {
    TEXT("a non-empty text"),
    SECRET("a non-empty secret"),
    PORT("an integer from 1 to 65535"),
    PORT_OR_ZERO("an integer from 0 (any free port) to 65535"),
    POSITIVE_INT("a positive integer"),
    MILLIS_OR_ZERO("an integer number of milliseconds, 0 or more"),
    USD("an amount in USD, 0 or more, e.g. 0.05"),
    DAY_OR_MORE_HOURS("an integer number of hours, at least 24 (clients retry for a day)"),
    PERCENT_UP_TO_HALF("an integer percentage from 0 to 50"),
    HEAP_PERCENT("an integer percentage of the maximum heap from 1 to 95"),
    SEED("an integer from 0 to 2147483647 (0: a new random seed at each start)"),
    BASE64_SECRET("standard base64 of at least 32 bytes"),
    URL("an absolute http or https URL"),
    PATH("a file system path"),
    SWITCH("one of auto, true, false"),
    HOST_LIST("a comma-separated list of host or host:port"),
    TENANT_LIST("a list of tenants (YAML, or JSON in the environment variable)");

    final String expected;

    ConfigType(String expected) {
      this.expected = expected;
    }
  }

  /** A value as found, before conversion, with where it came from for error messages. */
  record Raw(String text, JsonNode node, String source) {}
}
