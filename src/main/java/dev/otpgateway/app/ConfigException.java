package dev.otpgateway.app;

/**
 * Configuration that cannot start the gateway; the message names source, key, value, expectation.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
