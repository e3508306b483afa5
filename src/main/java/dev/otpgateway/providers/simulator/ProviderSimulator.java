package dev.otpgateway.providers.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in provider simulator: every provider's wire API under {@code /<provider>}, the
 * simulated handsets, and the control API under {@code /simulator} that tests and demos use to read
 * inboxes and inject faults. It runs inside the gateway by default, or alone ({@code simulator}
 * sub-command).
 */
public final class ProviderSimulator {
  /**
   * How many numbers the handsets, and messages each simulated provider, are remembered before the
   * oldest are forgotten: plenty for tests and demos, and bounded under a load test that sends
   * hundreds of thousands, so the simulator doesn't take the memory the gateway beside it needs.
   */
  public static final int CAPACITY = 10_000;

  private final Vertx vertx;
  private final Map<String, SimulatedApi> apis = new LinkedHashMap<>();
  private final Map<String, FaultInjector> faults = new HashMap<>();
  private final Handsets handsets = new Handsets(CAPACITY);
  private final SimulatorContext context;
  private final WebClient client;
  private HttpServer server;

  public ProviderSimulator(
      Vertx vertx, Clock clock, String receiptBaseUrl, List<SimulatedApi> apiList) {
    this.vertx = vertx;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout(2_000)
                .setIdleTimeout(5)
                .setUserAgent("otp-gateway-simulator"),
            new PoolOptions().setHttp1MaxSize(64));
    Map<String, MessageLog> logs = new HashMap<>();
    for (SimulatedApi api : apiList) {
      apis.put(api.name(), api);
      faults.put(api.name(), new FaultInjector(api.name(), api.ownSettings()));
      logs.put(api.name(), new MessageLog(CAPACITY));
    }
    this.context =
        new SimulatorContext(vertx, client, clock, receiptBaseUrl, handsets, faults, logs);
    // Encoded once now, so the control API's first answer does not build Jackson's serializers on
    // the event loop that serves it (the gateway constructs the simulator on a worker).
    faults.values().forEach(f -> f.describe().toBuffer());
  }

  public Set<String> providers() {
    return apis.keySet();
  }

  public Handsets handsets() {
    return handsets;
  }

  /** The provider-wide settings. */
  public FaultSettings settings(String provider) {
    return faults.get(provider).settings();
  }

  /** The settings for messages to this number: its country's, else provider-wide. */
  public FaultSettings settings(String provider, String to) {
    return faults.get(provider).settings(to);
  }

  /** The provider's settings as the control API shows them. */
  public JsonObject describe(String provider) {
    return faults.get(provider).describe();
  }

  /** The provider wire APIs and the control API, for the simulator's own server. */
  public Router router() {
    Router router = Router.router(vertx);
    router.route("/simulator/*").subRouter(controlRouter());
    for (SimulatedApi api : apis.values()) {
      Router sub = Router.router(vertx);
      api.mount(sub, context);
      router.route("/" + api.name() + "/*").subRouter(sub);
    }
    return router;
  }

  /** The control API alone; the gateway mounts it under {@code /simulator} on its own port. */
  public Router controlRouter() {
    return new SimulatorControl(vertx, this).router();
  }

  /**
   * Changes how a provider behaves from now on, as {@code POST /simulator/providers/{name}} does:
   * only the fields named change.
   *
   * @return the settings now in force, as the control API shows them
   * @throws InvalidSettingsException naming each bad field; then nothing changes
   */
  public JsonObject configure(String provider, JsonObject changes) {
    return faults.get(provider).configure(changes);
  }

  /** {@link #configure(String, JsonObject)} from JSON text, for tests and scenarios. */
  public JsonObject configure(String provider, String changes) {
    return configure(provider, new JsonObject(changes));
  }

  /**
   * What the control API would refuse in {@code settings} for {@code api}'s provider, field by
   * field, without a simulator: scenario files are checked with it before anything runs.
   *
   * @return field (e.g. {@code countries.IN.silent_drop_rate}) to what is wrong; empty when fine
   */
  public static Map<String, String> problems(SimulatedApi api, JsonObject settings) {
    try {
      new FaultInjector(api.name(), api.ownSettings()).configure(settings);
      return Map.of();
    } catch (InvalidSettingsException e) {
      return e.errors();
    }
  }

  /** Makes a provider healthy again, in every country. */
  public void reset(String provider) {
    faults.get(provider).reset();
  }

  /** Starts the simulator's server; succeeds with the port it listens on. */
  public Future<Integer> listen(String host, int port) {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router())
        .listen()
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  public Future<Void> close() {
    context.close();
    client.close();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
