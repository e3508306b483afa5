package dev.otpgateway.app;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * The jar's entry point: serve (the default), {@code rules lint DIR}, {@code rules explain --to
 * NUMBER [--risk high] [--channel sms]}, {@code simulator}, the ledger's {@code verify}, {@code
 * public-key} and {@code explain}, and {@code simulate SCENARIO.yaml}.
 */
public final class Main {
  /**
   * The server's exit status when its cluster member stopped on its own: not a crash of ours, and
   * not an operator's stop (143), so that a supervisor or an alert can tell it apart.
   */
  static final int EXIT_CLUSTER_LOST = 3;

  static final String USAGE =
      """
      usage: java -jar otp-gateway.jar [command]
        (none) | serve                 run the gateway (configuration: OTPGW_* environment, OTPGW_CONFIG file)
        rules lint DIR                 check a rules directory; exit 0 when clean, 1 with file:line problems
        rules explain --to NUMBER [--risk low|high] [--channel auto|sms|rcs] [--consent] [--rcs-capable]
                                       show how the rules in OTPGW_RULES_DIR route a number, and why
        simulator                      run the provider simulator alone (port OTPGW_SIMULATOR_PORT)
        ledger verify [DIR | --postgres URL] [--public-key KEY]
                                       check every chain, link and signed checkpoint of the ledger;
                                       exit 0 when intact, 1 naming the first bad entry
        ledger public-key              print the public key that verifies this gateway's checkpoints
        ledger explain VERIFICATION_ID [DIR | --postgres URL]
                                       re-run a verification's routing decisions from the ledger alone
        simulate SCENARIO.yaml [--report FILE] [--only LABEL]
                                       play a scenario of traffic against in-process gateways and the
                                       simulator; print what routing saved, delivered and converted
      """;

  private Main() {}

  public static void main(String[] args) {
    // Named by its string: loading ShutdownLogManager first would initialise LogManager, which
    // reads
    // this property once, before it is set.
    System.setProperty("java.util.logging.manager", "dev.otpgateway.app.ShutdownLogManager");
    LoggingSetup.configure();
    int exit = run(args, System.getenv(), System.out, System.err);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** Runs a command; returns the exit code, or 0 for a server that keeps running. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "serve" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    try {
      return switch (command) {
        case "serve" -> serve(env, out, err);
        case "rules" -> RulesCommand.run(rest, env, out, err);
        case "simulator" -> SimulatorCommand.run(env, out, err);
        case "ledger" -> LedgerCommand.run(rest, env, out, err);
        case "simulate" -> SimulateCommand.run(rest, env, out, err);
        case "help", "--help", "-h" -> {
          out.print(USAGE);
          yield 0;
        }
        default -> {
          err.print("unknown command '" + command + "'\n" + USAGE);
          yield 2;
        }
      };
    } catch (ConfigException e) {
      err.println("config error: " + e.getMessage());
      return 2;
    }
  }

  private static int serve(Map<String, String> env, PrintStream out, PrintStream err) {
    GatewayConfig config = ConfigLoader.load(env);
    Gateway gateway;
    try {
      gateway =
          Gateway.start(config, Clock.systemUTC(), Gateway.defaultVertxOptions(), out)
              .toCompletionStage()
              .toCompletableFuture()
              .join();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      err.println("the gateway did not start: " + cause.getMessage());
      return 1;
    }
    gateway.whenClusterLost(() -> System.exit(EXIT_CLUSTER_LOST));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.stop().toCompletionStage().toCompletableFuture().join();
                  ShutdownLogManager.closeAfterShutdown();
                },
                "otp-gateway-shutdown"));
    return 0;
  }
}
