package dev.otpgateway.app;

import dev.otpgateway.ledger.FileLedgerStore;
import dev.otpgateway.ledger.LedgerExplainer;
import dev.otpgateway.ledger.LedgerSigner;
import dev.otpgateway.ledger.LedgerStore;
import dev.otpgateway.ledger.LedgerVerifier;
import dev.otpgateway.ledger.PostgresLedgerStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The auditor's tools: {@code ledger verify DIR | --postgres URL [--public-key KEY]}, {@code ledger
 * public-key}, and {@code ledger explain VERIFICATION_ID [DIR | --postgres URL]}. They read the
 * ledger only; none needs the gateway running, and verify needs no secret.
 */
final class LedgerCommand {
  private LedgerCommand() {}

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length >= 1 && args[0].equals("public-key")) {
      GatewayConfig config = ConfigLoader.load(env);
      out.println(LedgerSigner.fromSeed(Secrets.ledgerSigningKey(config)).publicKey());
      return 0;
    }
    if (args.length >= 1 && args[0].equals("verify")) {
      return verify(args, env, out, err);
    }
    if (args.length >= 2 && args[0].equals("explain")) {
      return explain(args, env, out, err);
    }
    err.print(Main.USAGE);
    return 2;
  }

  private static int verify(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String publicKey = null;
    String source = null;
    String postgres = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--public-key" -> publicKey = value(args, ++i);
        case "--postgres" -> postgres = value(args, ++i);
        default -> source = args[i];
      }
    }
    if (publicKey != null && !publicKey.matches("[A-Za-z0-9+/]{43}=")) {
      err.println(
          "ledger verify: --public-key must be base64 of 32 bytes, as `ledger public-key` prints it");
      return 2;
    }
    try (LedgerStore store = open(source, postgres, env, err)) {
      if (store == null) {
        return 2;
      }
      LedgerVerifier.Result r = LedgerVerifier.verify(store, publicKey);
      r.notes().forEach(n -> out.println("note: " + n));
      if (r.intact()) {
        out.println(
            "ok: "
                + r.entries()
                + " entries in "
                + r.writers()
                + " chain(s), "
                + r.checkpoints()
                + " signed checkpoint(s); every hash, link and signature holds");
        return 0;
      }
      out.println("FAILED: " + r.problem());
      return 1;
    }
  }

  private static int explain(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String id = args[1];
    String source = null;
    String postgres = null;
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--postgres")) {
        postgres = value(args, ++i);
      } else {
        source = args[i];
      }
    }
    try (LedgerStore store = open(source, postgres, env, err)) {
      if (store == null) {
        return 2;
      }
      LedgerExplainer.Explanation e = LedgerExplainer.explain(store, id);
      e.lines().forEach(out::println);
      return !e.found() ? 1 : e.allMatch() ? 0 : 1;
    }
  }

  /**
   * The ledger named: a directory, a PostgreSQL URL, or else the one the configuration names
   * (OTPGW_LEDGER_POSTGRES_URL, or the data directory's files).
   */
  private static LedgerStore open(
      String dir, String postgres, Map<String, String> env, PrintStream err) {
    if (postgres != null) {
      return new PostgresLedgerStore(postgres);
    }
    if (dir != null) {
      Path path = Path.of(dir);
      if (!Files.isDirectory(path)) {
        err.println("ledger: " + dir + " is not a directory");
        return null;
      }
      return new FileLedgerStore(path);
    }
    GatewayConfig config = ConfigLoader.load(env);
    return config.ledger().files()
        ? new FileLedgerStore(config.dataDir().resolve("ledger"))
        : new PostgresLedgerStore(config.ledger().postgresUrl());
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
