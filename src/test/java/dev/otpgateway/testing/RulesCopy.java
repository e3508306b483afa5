package dev.otpgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of the shipped routing rules with a few edits, for {@code OTPGW_RULES_DIR}: shorter
 * delivery timeouts, say, so a missing receipt triggers failover in a test's time rather than the
 * 20 s the shipped rules wait.
 */
public final class RulesCopy {
  private final Path dir;

  private RulesCopy(Path dir) {
    this.dir = dir;
  }

  public static RulesCopy ofShipped() {
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RulesCopy(copy);
  }

  /** Replaces text that must be in the file, so a changed shipped file fails loudly. */
  public RulesCopy edit(String file, String from, String to) {
    Path path = dir.resolve(file);
    try {
      String text = Files.readString(path);
      if (!text.contains(from)) {
        throw new IllegalStateException(file + " no longer contains '" + from + "'");
      }
      Files.writeString(path, text.replace(from, to));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The US delivery timeouts, which the shipped rules set to 20 s (SMS) and 8 s (RCS). */
  public RulesCopy usDeliveryTimeouts(long smsMs, long rcsMs) {
    return edit("regions/us.yaml", "      sms: 20000\n", "      sms: " + smsMs + "\n")
        .edit("regions/us.yaml", "      rcs: 8000 ", "      rcs: " + rcsMs + " ");
  }

  public String dir() {
    return dir.toString();
  }
}
