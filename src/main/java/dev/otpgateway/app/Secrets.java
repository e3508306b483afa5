package dev.otpgateway.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The OTP secret of a standalone gateway that was given none: generated once into the data
 * directory (readable by its owner only), so codes and sealed copies survive a restart.
 */
final class Secrets {
  private Secrets() {}

  static byte[] otpSecret(GatewayConfig config) {
    if (config.otpSecret().isPresent()) {
      return config.otpSecret().get();
    }
    Path file = config.dataDir().resolve("secrets").resolve("otp-secret");
    try {
      if (Files.exists(file)) {
        return Base64.getDecoder().decode(Files.readString(file).strip());
      }
      Files.createDirectories(file.getParent());
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      Path temporary = file.resolveSibling("otp-secret.tmp");
      Files.writeString(temporary, Base64.getEncoder().encodeToString(secret));
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the directory's own protection has to do.
      }
      Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the OTP secret in " + file, e);
    }
  }
}
