package dev.otpgateway.testing;

import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prints, when the test run ends, one plain block naming every external tool whose tests were
 * skipped here, and how to run them (see {@link External}). Registered through {@code
 * META-INF/services}, so every test run, unit or integration, reports its own.
 */
public final class ExternalSummary implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (External.NOT_RUN.isEmpty()) {
      return;
    }
    StringBuilder block = new StringBuilder("\n");
    for (Map.Entry<String, String> skipped : External.NOT_RUN.entrySet()) {
      block
          .append("NOT RUN here: ")
          .append(skipped.getKey())
          .append(" - ")
          .append(skipped.getValue())
          .append('\n');
    }
    System.out.println(block);
    System.out.flush();
  }
}
