package dev.otpgateway.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Tests that need something outside the JVM (a PostgreSQL server, a Prometheus binary, ...). Where
 * {@code .ci/run} runs the suite it installs them and exports {@code
 * OTPGW_TEST_REQUIRE_EXTERNAL=true}: then a missing one fails its test, so CI never passes by
 * skipping. On a newcomer's machine the test is skipped instead, and the end of the run names it in
 * a plain "NOT RUN" block with how to run it.
 */
public final class External {
  private static final Map<String, String> NOT_RUN = new ConcurrentHashMap<>();

  private External() {}

  /** True when .ci/run runs the suite: a missing tool then fails the test. */
  public static boolean required() {
    return "true".equals(System.getenv("OTPGW_TEST_REQUIRE_EXTERNAL"));
  }

  /** Fails (CI) or skips with a recorded reason (elsewhere) when {@code present} is false. */
  public static void assumePresent(String what, boolean present, String howToRun) {
    if (present) {
      return;
    }
    if (required()) {
      fail(what + " is required here (OTPGW_TEST_REQUIRE_EXTERNAL=true) but missing: " + howToRun);
    }
    NOT_RUN.put(what, howToRun);
    Assumptions.assumeTrue(false, what + " is not available: " + howToRun);
  }

  /** Prints what was not run, once, when the test run ends. */
  public static final class Summary implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
      if (NOT_RUN.isEmpty()) {
        return;
      }
      StringBuilder out = new StringBuilder("\nNOT RUN here (their tests were skipped):\n");
      NOT_RUN.forEach(
          (what, how) -> out.append("  - ").append(what).append(": ").append(how).append('\n'));
      System.out.println(out);
    }
  }
}
