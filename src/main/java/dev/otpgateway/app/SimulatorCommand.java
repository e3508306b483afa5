package dev.otpgateway.app;

import dev.otpgateway.providers.simulator.ProviderSimulator;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * {@code simulator}: the provider simulator alone, for docker-compose and demos. It accepts the
 * provider credentials from the same OTPGW_PROVIDERS_* variables the gateway reads, and sends
 * receipts to OTPGW_PUBLIC_BASE_URL.
 */
final class SimulatorCommand {
  private SimulatorCommand() {}

  static int run(Map<String, String> env, PrintStream out, PrintStream err) {
    GatewayConfig config = ConfigLoader.load(env);
    ProviderSettings credentials = ProviderWiring.simulatorCredentials(config.providers());
    // The gateway's options (native epoll, one event loop per core): as a separate process beside
    // the gateway on a small box, the simulator should take no more CPU than its traffic needs.
    Vertx vertx = Vertx.vertx(Gateway.defaultVertxOptions());
    ProviderSimulator simulator =
        new ProviderSimulator(
            vertx,
            Clock.systemUTC(),
            config.resolvedPublicBaseUrl(config.httpPort()),
            ProviderWiring.simulatedApis(credentials));
    int port;
    try {
      port =
          simulator
              .listen(config.httpHost(), config.simulatorPort())
              .toCompletionStage()
              .toCompletableFuture()
              .join();
    } catch (RuntimeException e) {
      err.println("the simulator did not start: " + e.getMessage());
      vertx.close();
      return 1;
    }
    String base = "http://" + config.httpHost() + ":" + port;
    out.println(
        "provider simulator on "
            + base
            + "; receipts go to "
            + config.resolvedPublicBaseUrl(config.httpPort()));
    for (String provider : simulator.providers()) {
      out.println("  " + provider + " API: " + base + "/" + provider);
    }
    out.println(
        "  control: "
            + base
            + "/simulator/messages?to=..., "
            + base
            + "/simulator/providers/{name}");
    out.println(
        "  credentials it accepts: the OTPGW_PROVIDERS_* values given; any left unset were generated,"
            + " so set them on both sides");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close(), "simulator-shutdown"));
    return 0;
  }
}
