package dev.otpgateway.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a tool or server from outside the JVM (PostgreSQL, prometheus, promtool, newman,
 * an OpenAPI linter) ask here whether it is there. In CI it must be: {@code .ci/run} installs it
 * and exports {@code OTPGW_TEST_REQUIRE_EXTERNAL=true}, so a missing one fails the test. On a
 * newcomer's machine the test is skipped instead, and {@link ExternalSummary} names it, with the
 * command that would run it, at the end of the run, so "passed" never hides "not run".
 */
public final class External {
  /** What was skipped, and how to run it: printed once by {@link ExternalSummary}. */
  static final Map<String, String> NOT_RUN = new ConcurrentSkipListMap<>();

  private External() {}

  /**
   * True when .ci/run runs the suite (it exports OTPGW_TEST_REQUIRE_EXTERNAL=true): then a missing
   * tool FAILS the test; on a newcomer's machine it is skipped and named in a summary.
   */
  public static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("OTPGW_TEST_REQUIRE_EXTERNAL"));
  }

  /** Fails (CI) or skips with a recorded reason (elsewhere) when {@code present} is false. */
  public static void assumePresent(String what, boolean present, String howToRun) {
    if (present) {
      return;
    }
    if (required()) {
      fail(what + " is missing, and OTPGW_TEST_REQUIRE_EXTERNAL=true requires it: " + howToRun);
    }
    NOT_RUN.put(what, howToRun);
    Assumptions.abort(what + " is not installed here: NOT RUN. To run it: " + howToRun);
  }
}
