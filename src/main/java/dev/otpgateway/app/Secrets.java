package dev.otpgateway.app;

import dev.otpgateway.ledger.LedgerSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What a gateway keeps in its data directory when it is not given it: the OTP secret of a
 * standalone gateway, the ledger's signing key, and the member's name in the ledger. Each is made
 * once, readable by its owner only, so codes, sealed copies and the ledger's chain survive a
 * restart.
 */
final class Secrets {
  private Secrets() {}

  static byte[] otpSecret(GatewayConfig config) {
    if (config.otpSecret().isPresent()) {
      return config.otpSecret().get();
    }
    return Base64.getDecoder()
        .decode(
            kept(
                config,
                "otp-secret",
                () -> {
                  byte[] secret = new byte[32];
                  new SecureRandom().nextBytes(secret);
                  return Base64.getEncoder().encodeToString(secret);
                }));
  }

  /** The ledger's Ed25519 seed (base64): configured, or made once. */
  static String ledgerSigningKey(GatewayConfig config) {
    String configured = config.ledger().signingKey();
    return configured.isEmpty()
        ? kept(config, "ledger-signing-key", LedgerSigner::newSeed)
        : configured;
  }

  /**
   * This member's name as a ledger writer: stable across restarts, so its chain goes on; the host
   * name in it, so an auditor can tell the chains apart.
   */
  static String ledgerWriter(GatewayConfig config) {
    return kept(
        config,
        "ledger-writer",
        () -> {
          byte[] random = new byte[4];
          new SecureRandom().nextBytes(random);
          return hostName() + "-" + HexFormat.of().formatHex(random);
        });
  }

  private static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
      String safe = name.replaceAll("[^a-z0-9-]", "-");
      return safe.isEmpty() ? "member" : safe.substring(0, Math.min(40, safe.length()));
    } catch (UnknownHostException e) {
      return "member";
    }
  }

  /** A value kept in {@code <data_dir>/secrets/<name>}, made by {@code make} the first time. */
  private static String kept(GatewayConfig config, String name, Supplier<String> make) {
    Path file = config.dataDir().resolve("secrets").resolve(name);
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      Files.createDirectories(file.getParent());
      String value = make.get();
      Path temporary = file.resolveSibling(name + ".tmp");
      Files.writeString(temporary, value);
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the directory's own protection has to do.
      }
      Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + name + " in " + file.getParent(), e);
    }
  }
}
