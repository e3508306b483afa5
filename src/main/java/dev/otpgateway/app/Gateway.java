package dev.otpgateway.app;

import dev.otpgateway.api.TenantRequests;
import dev.otpgateway.cluster.ClusterState;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.numbers.PhoneNumbers;
import dev.otpgateway.otp.MessageTemplates;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.tenancy.ApiKeys;
import dev.otpgateway.tenancy.CallbackTargetPolicy;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantLimits;
import dev.otpgateway.tenancy.TenantService;
import dev.otpgateway.tenancy.TenantSpec;
import dev.otpgateway.verification.RulesInForce;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * One gateway node: a Hazelcast member, a clustered Vert.x, the services, and the HTTP API. This is
 * the one place that constructs collaborators; {@code Main} starts it for real and tests start it
 * on a free port.
 */
public final class Gateway {
  private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
  static final String DEMO_TENANT = "demo";

  /**
   * Threads for blocking work: start-up's reads and the few blocking calls the event loops hand
   * off. Provider SDKs run on their own bounded executors and the ledger on its own thread, so this
   * stays small and bounded (Vert.x's default is 20).
   */
  private static final int WORKER_THREADS = 16;

  /** How often this member shares its providers' monthly volumes with the cluster. */
  private static final Duration VOLUME_SHARE_EVERY = Duration.ofSeconds(5);

  /**
   * How often conversion counts are shared: a grey route is noticed within seconds of its messages'
   * usual approval delay, not at the next flush of a slower interval.
   */
  private static final Duration CONVERSION_SHARE_EVERY = Duration.ofSeconds(1);

  /** How often the rules directory is looked at for edits (a reload is validated first). */
  private static final Duration RULES_WATCH_EVERY = Duration.ofSeconds(2);

  /** An admin key shorter than this is warned about at start. */
  static final int MIN_ADMIN_KEY_CHARS = 32;

  private final Vertx vertx;
  private final GatewayConfig config;
  private final Clock clock;
  private final PrintStream console;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final List<Runnable> onStop = new ArrayList<>();
  private volatile boolean leaving;
  private volatile Runnable clusterLost = () -> {};
  private ProviderSimulator simulator;
  private Services services;
  private String adminKey;
  private List<Tenant> declaredTenants;

  private Gateway(Vertx vertx, GatewayConfig config, Clock clock, PrintStream console) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.console = console;
  }

  /**
   * Vert.x options for a gateway node: native epoll where the platform has it, an event loop per
   * core (the default of two per core only adds context switches on a small machine), a bounded
   * worker pool.
   */
  public static VertxOptions defaultVertxOptions() {
    return new VertxOptions()
        .setPreferNativeTransport(true)
        .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors())
        .setWorkerPoolSize(WORKER_THREADS);
  }

  public static Future<Gateway> start(
      GatewayConfig config, Clock clock, VertxOptions options, PrintStream console) {
    GatewayConfig.ClusterSettings cluster = config.cluster();
    ClusterManager manager = ClusterState.clusterManager(config.clusterOptions());
    options
        .getEventBusOptions()
        .setHost(cluster.host())
        .setPort(0)
        .setClusterPublicHost(cluster.host());
    return Vertx.builder()
        .with(options)
        .withClusterManager(manager)
        .buildClustered()
        .compose(
            vertx -> {
              Gateway gateway = new Gateway(vertx, config, clock, console);
              // Not tied to a context: a failed start closes Vert.x, and a future bound to one of
              // its event loops would then never tell the caller (the start would hang).
              Promise<Gateway> started = Promise.promise();
              gateway
                  .boot(manager, options.getEventLoopPoolSize())
                  .onComplete(
                      booted -> {
                        if (booted.succeeded()) {
                          started.complete(gateway);
                          return;
                        }
                        LOG.log(
                            java.util.logging.Level.SEVERE,
                            "the gateway failed to start",
                            booted.cause());
                        // Closing Vert.x stops Hazelcast: the gateway's doing, not a lost cluster.
                        gateway.leaving = true;
                        vertx.close().onComplete(closed -> started.fail(booted.cause()));
                      });
              return started.future();
            });
  }

  /**
   * Reads what start-up needs and wires the services on worker threads, so nothing slow runs on an
   * event loop; then starts the simulator, tenants and the HTTP servers.
   */
  private Future<Void> boot(ClusterManager manager, int eventLoops) {
    return vertx
        .executeBlocking(() -> read(manager), false)
        .compose(this::withSimulator)
        .compose(
            inputs ->
                vertx.executeBlocking(
                    () -> new Services(vertx, config, clock, inputs, ready::get), false))
        .compose(services -> open(services, eventLoops));
  }

  /** What start-up reads from disk before anything listens; a failure here stops start-up. */
  private Services.Inputs read(ClusterManager manager) {
    PhoneNumbers.warmUp(List.of("US", "CA", "GB", "DE", "FR", "IN", "BR", "AU", "SG", "NG"));
    MessageTemplates.warmUp();
    Metrics metrics = new Metrics();
    ProviderSettings providers = config.providers();
    if (config.simulatorOn()) {
      providers = ProviderWiring.simulatorCredentials(providers);
      simulator =
          new ProviderSimulator(
              vertx,
              clock,
              config.resolvedPublicBaseUrl(config.httpPort()),
              ProviderWiring.simulatedApis(providers));
      onStop.add(simulator::close);
    }
    adminKey = config.adminKey().isEmpty() ? ApiKeys.generate("otpa_") : config.adminKey();
    if (!config.adminKey().isEmpty() && config.adminKey().length() < MIN_ADMIN_KEY_CHARS) {
      // Warned, not refused: short keys serve demos and tests. Never the key itself in the log.
      LOG.warning(
          "the admin key (admin_key, OTPGW_ADMIN_KEY) has "
              + config.adminKey().length()
              + " characters; use at least "
              + MIN_ADMIN_KEY_CHARS
              + " random ones (e.g. head -c 32 /dev/urandom | base64) anywhere but a demo");
    }
    String narrowOutbound = config.clusterOptions().outboundPortsShortfall();
    if (narrowOutbound != null) {
      LOG.warning(narrowOutbound);
    }
    declaredTenants = declaredTenants(config);
    ClusterState state = new ClusterState(vertx, manager, clock);
    state.onStopped(this::clusterStopped);
    return new Services.Inputs(
        state,
        metrics,
        Secrets.otpSecret(config),
        new RulesInForce(vertx, config.rulesDir(), metrics, clock),
        OpenApiDocument.json(),
        providers,
        simulator,
        adminKey);
  }

  /** With the simulator on, it listens first and every adapter is pointed at it. */
  private Future<Services.Inputs> withSimulator(Services.Inputs in) {
    if (simulator == null) {
      return Future.succeededFuture(in);
    }
    return simulator
        .listen(config.httpHost(), config.simulatorPort())
        .map(
            port ->
                new Services.Inputs(
                    in.state(),
                    in.metrics(),
                    in.otpSecret(),
                    in.rules(),
                    in.openApi(),
                    ProviderWiring.pointedAt(in.providers(), "http://127.0.0.1:" + port),
                    in.simulator(),
                    in.adminKey()));
  }

  private Future<Void> open(Services services, int eventLoops) {
    this.services = services;
    onStop.add(services::close);
    RulesInForce rules = services.parts.rules();
    onStop.add(services.sweeper::stop);
    onStop.add(services.records::stop);
    onStop.add(services.destinationSweeper::stop);
    onStop.add(services.fraudCounters::stop);
    onStop.add(services.budgets::stop);
    return services
        .tenants
        .start(declaredTenants)
        .compose(n -> services.budgets.start(services.ledger.store()))
        .compose(n -> demoTenant(services.tenants))
        .compose(
            demoKey ->
                vertx
                    .deployVerticle(
                        () ->
                            new HttpVerticle(services.parts, config.httpHost(), config.httpPort()),
                        new DeploymentOptions().setInstances(eventLoops))
                    .map(
                        id -> {
                          services.sweeper.start();
                          services.records.start();
                          services.destinationSweeper.start();
                          services.fraudCounters.start();
                          services.volumes.start(VOLUME_SHARE_EVERY);
                          services.conversions.start(CONVERSION_SHARE_EVERY);
                          rules.watch(RULES_WATCH_EVERY);
                          onStop.add(services.timers::stop);
                          onStop.add(services.volumes::stop);
                          onStop.add(services.conversions::stop);
                          onStop.add(rules::stop);
                          ready.set(true);
                          banner(demoKey, rules, services.ledger.describe());
                          return null;
                        }));
  }

  /** Creates the demo tenant when asked and absent; its key is printed this once. */
  private Future<String> demoTenant(TenantService tenants) {
    if (!config.demoTenantOn()) {
      return Future.succeededFuture(null);
    }
    TenantSpec spec =
        new TenantSpec(
            DEMO_TENANT, "Demo", null, TenantLimits.DEFAULTS, Map.of(), null, null, null, null);
    return tenants
        .create(spec)
        .map(TenantService.WithKey::apiKey)
        .recover(
            e ->
                e instanceof GatewayException g && "tenant_exists".equals(g.code())
                    ? Future.succeededFuture("")
                    : Future.failedFuture(e));
  }

  private void banner(String demoKey, RulesInForce rules, String ledger) {
    String base = "http://" + displayHost() + ":" + config.httpPort();
    StringBuilder out = new StringBuilder();
    out.append("\nOTP gateway ready on ").append(base).append('\n');
    out.append("  cluster: ")
        .append(
            config.cluster().standalone()
                ? "standalone member"
                : "members " + config.cluster().members())
        .append('\n');
    out.append("  routing rules: ").append(rules.current().rules().version()).append('\n');
    out.append("  ledger: ").append(ledger).append('\n');
    out.append("  providers: ")
        .append(simulator == null ? "real (credentials configured)" : "built-in simulator")
        .append('\n');
    if (config.adminKey().isEmpty()) {
      out.append("  admin key (generated, shown once): ").append(adminKey).append('\n');
    }
    if (demoKey != null && !demoKey.isEmpty()) {
      out.append("  demo tenant '")
          .append(DEMO_TENANT)
          .append("' key (shown once): ")
          .append(demoKey)
          .append('\n');
    } else if (demoKey != null) {
      out.append("  demo tenant '")
          .append(DEMO_TENANT)
          .append("' exists; rotate its key with POST /v1/admin/tenants/demo/rotate-key\n");
    }
    // Printed, not logged: the operator asked for these keys; log pipelines must never hold them.
    console.print(out);
    console.flush();
    LOG.info("gateway ready on " + base);
  }

  private String displayHost() {
    return "0.0.0.0".equals(config.httpHost()) ? "127.0.0.1" : config.httpHost();
  }

  private static List<Tenant> declaredTenants(GatewayConfig config) {
    List<Tenant> tenants = new ArrayList<>();
    for (int i = 0; i < config.tenants().size(); i++) {
      try {
        TenantRequests.Declared d =
            TenantRequests.declared(
                config.tenants().get(i), new CallbackTargetPolicy(config.simulatorOn()));
        TenantSpec s = d.spec();
        tenants.add(
            new Tenant(
                s.id(),
                s.name() == null ? s.id() : s.name(),
                d.apiKeySha256(),
                s.allowedCountries(),
                s.limits(),
                s.templates(),
                s.statusCallbackUrl(),
                null,
                s.budget(),
                s.fraud(),
                s.simSwap(),
                true,
                0,
                0));
      } catch (GatewayException e) {
        throw new ConfigException(
            "key tenants["
                + i
                + "]: "
                + e.detail()
                + (e.fieldErrors().isEmpty() ? "" : " " + e.fieldErrors()));
      }
    }
    return tenants;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + config.httpPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The embedded simulator, or null when real providers carry the messages. */
  public ProviderSimulator simulator() {
    return simulator;
  }

  /**
   * Counts units as already sent this month through {@code provider} in {@code region} and shares
   * them, so routing prices by the tier they reach: how a scenario starts mid-month.
   *
   * @throws IllegalArgumentException when the rules in force name no such region
   */
  public Future<Void> addMonthToDate(String provider, String region, long units) {
    if (!services.parts.rules().current().rules().regions().containsKey(region)) {
      throw new IllegalArgumentException(
          "the rules name no region '"
              + region
              + "'; regions: "
              + services.parts.rules().current().rules().regions().keySet());
    }
    services.volumes.add(provider, region, units);
    return services.volumes.flush();
  }

  /**
   * Leaves gracefully (SIGTERM): readiness goes down and new starts answer 503 at once, so clients
   * and load balancers go to another member; the starts and sends in flight finish, within {@code
   * shutdown.drain_ms}; then the background work stops, the ledger writes what it has queued, and
   * the member leaves the cluster, whose members take over its partitions. Its armed timers need no
   * hand-over: each one's deadline is in its verification's replicated record, and the member that
   * now owns the record fires it in its sweep.
   */
  public Future<Void> stop() {
    leaving = true;
    ready.set(false);
    if (services == null) {
      return closeNow();
    }
    services.admission.stopTakingStarts();
    LOG.info(
        "shutting down: new starts answer 503, "
            + services.admission.inFlight()
            + " starts or sends in flight may take up to "
            + config.shutdownDrain().toMillis()
            + " ms");
    return services
        .admission
        .drained(vertx, config.shutdownDrain())
        .compose(
            left -> {
              if (left > 0) {
                LOG.warning(
                    left
                        + " starts or sends were still in flight after shutdown.drain_ms; leaving"
                        + " them to the cluster (their records are taken over)");
              } else {
                LOG.info("every start and send in flight finished; leaving");
              }
              return closeNow();
            });
  }

  /**
   * What to do when this member's Hazelcast instance stops without the gateway leaving: {@code
   * Main} exits, so that the process supervisor starts a fresh member (see {@link
   * #clusterStopped}). Embedded, as in tests, nothing but the log line.
   */
  public void whenClusterLost(Runnable action) {
    clusterLost = action;
  }

  /**
   * The Hazelcast member stopped. Unless the gateway is leaving, it stopped on its own, for good (a
   * merge after a split brain that could not rejoin, as the fault harness once saw when the member
   * ran out of file descriptors): the shared state is gone, readiness is down, and every start and
   * check would fail until the process is restarted. So it says so and hands over to {@link
   * #whenClusterLost}, on a thread of its own: this is Hazelcast's, which an exit's shutdown hook
   * may wait for.
   */
  private void clusterStopped() {
    if (leaving) {
      return;
    }
    LOG.severe(
        "this member's Hazelcast instance stopped without the gateway stopping it (Hazelcast's"
            + " lines before this one say why): the member is out of the cluster and cannot serve;"
            + " a fresh process must take its place");
    new Thread(clusterLost, "otp-gateway-cluster-lost").start();
  }

  private Future<Void> closeNow() {
    for (int i = onStop.size() - 1; i >= 0; i--) {
      onStop.get(i).run();
    }
    return vertx.close();
  }
}
