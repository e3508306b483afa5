package dev.otpgateway.scenario;

import java.util.List;

/**
 * Every run of one sitting of a scenario: the scenario as written, then its variants, on the same
 * traffic.
 *
 * @param startedAt when the sitting began (UTC, ISO 8601)
 */
public record SittingReport(
    String scenario,
    String file,
    String description,
    long seed,
    String startedAt,
    List<RunReport> runs) {}
