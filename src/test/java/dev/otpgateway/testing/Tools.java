package dev.otpgateway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds and runs the command-line tools the operations kit is checked with: Debian's prometheus and
 * promtool on the PATH, and the npm tools pinned in {@code tools/package.json} (installed by {@code
 * npm ci --prefix tools}).
 */
public final class Tools {
  /** What a newcomer runs to get the npm tools; {@code .ci/run} does the same. */
  public static final String NPM_INSTALL = "npm ci --prefix tools";

  private Tools() {}

  /** An executable on the PATH, or null. */
  public static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** An npm tool from {@code tools/node_modules/.bin}, or null when it is not installed. */
  public static Path npm(String name) {
    Path candidate = Path.of("tools", "node_modules", ".bin", name);
    return Files.isExecutable(candidate) ? candidate.toAbsolutePath() : null;
  }

  /** How a command ended: its exit code and what it printed (stdout and stderr together). */
  public record Run(int exit, String output) {
    @Override
    public String toString() {
      return "exit " + exit + ":\n" + output;
    }
  }

  /**
   * Runs a command in the project directory to its end, within {@code timeout}; a command that
   * takes longer is stopped (by its own process handle) and fails the test.
   */
  public static Run run(Duration timeout, Map<String, String> env, List<String> command) {
    try {
      Path log = Files.createTempFile("otpgw-tool", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new AssertionError(
              command + " did not finish within " + timeout + ":\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
