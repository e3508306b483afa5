package dev.otpgateway.delivery;

import dev.otpgateway.testing.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of the shipped routing rules whose US delivery timeouts are short, so a missing receipt
 * triggers failover in a test's time rather than the 20 s the shipped rules wait.
 */
final class ShortTimeoutRules {
  private ShortTimeoutRules() {}

  /** The directory of the copy, for {@code OTPGW_RULES_DIR}. */
  static Path withUsTimeouts(long smsMs, long rcsMs) {
    Path shipped = Path.of("routing-rules");
    Path copy = TestGateway.tempDir();
    try (Stream<Path> files = Files.walk(shipped)) {
      for (Path from : files.toList()) {
        Path to = copy.resolve(shipped.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
      Path us = copy.resolve("regions/us.yaml");
      String yaml = Files.readString(us);
      String shortened =
          yaml.replace("      sms: 20000\n", "      sms: " + smsMs + "\n")
              .replace("      rcs: 8000 ", "      rcs: " + rcsMs + " ");
      if (shortened.equals(yaml) || !shortened.contains("sms: " + smsMs)) {
        throw new IllegalStateException("us.yaml no longer has the delivery timeouts expected");
      }
      if (!shortened.contains("rcs: " + rcsMs)) {
        throw new IllegalStateException("us.yaml no longer has the RCS timeout expected");
      }
      Files.writeString(us, shortened);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
