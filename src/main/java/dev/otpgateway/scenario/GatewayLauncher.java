package dev.otpgateway.scenario;

import java.util.Map;

/**
 * Starts a gateway for one run of a scenario: in this process, on free loopback ports, with a data
 * directory of its own and the built-in simulator. The app package implements it (it is the one
 * place that constructs a gateway).
 */
public interface GatewayLauncher {

  /**
   * @param settings configuration keys (e.g. {@code routing.conversions}) to their values
   */
  Launched start(Map<String, String> settings) throws Exception;

  /** A gateway that is up. */
  interface Launched extends AutoCloseable {
    String baseUrl();

    String adminKey();

    /**
     * Counts units as already sent this month through {@code provider} in {@code region}, as the
     * earlier days of the month would have, and shares them before returning.
     *
     * @throws IllegalArgumentException when the rules name no such region
     */
    void addMonthToDate(String provider, String region, long units) throws Exception;

    @Override
    void close();
  }
}
