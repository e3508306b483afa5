package dev.otpgateway.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpgateway.cluster.ClusterOptions;
import dev.otpgateway.delivery.BreakerSettings;
import dev.otpgateway.providers.messagebird.MessageBirdSettings;
import dev.otpgateway.providers.rbm.RbmSettings;
import dev.otpgateway.providers.sinch.SinchSettings;
import dev.otpgateway.providers.twilio.TwilioSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's validated configuration. Each value was converted and range-checked by {@link
 * ConfigLoader}; the checks here are the ones that span keys.
 *
 * @param adminKey empty when one is to be generated
 * @param publicBaseUrl empty when it is derived from the HTTP port
 * @param otpSecret empty when one is to be generated into the data directory
 * @param heapBudgetPercent the share of the maximum heap in use past which new starts are refused
 * @param startPacing whether new starts are paced to what the heap budget holds (StartPacing)
 * @param shutdownDrain how long a member shutting down lets its work in flight finish
 * @param tenants tenants declared in the config, parsed by the tenancy package
 */
public record GatewayConfig(
    String httpHost,
    int httpPort,
    String adminKey,
    Path dataDir,
    Path rulesDir,
    String publicBaseUrl,
    Switch simulator,
    int simulatorPort,
    Switch demoTenant,
    ClusterSettings cluster,
    Optional<byte[]> otpSecret,
    Duration retention,
    Duration idempotencyTtl,
    LedgerSettings ledger,
    int heapBudgetPercent,
    boolean startPacing,
    Duration shutdownDrain,
    java.math.BigDecimal simSwapLookupPriceUsd,
    BreakerSettings breakers,
    RoutingSettings routing,
    ProviderSettings providers,
    JsonNode tenants) {

  /**
   * Where the ledger is kept and how it signs.
   *
   * @param postgresUrl empty for ledger files under the data directory
   * @param signingKey empty when one is to be generated into the data directory
   */
  public record LedgerSettings(String postgresUrl, String signingKey, Duration syncEvery) {
    public boolean files() {
      return postgresUrl.isEmpty();
    }

    @Override
    public String toString() {
      return "LedgerSettings[" + (files() ? "files" : "postgres") + "]";
    }
  }

  /**
   * How routing learns from conversions.
   *
   * @param conversions whether conversions score quality (else delivery receipts do)
   * @param explorationShare the largest share of decisions that explore, 0 to 0.5
   * @param explorationSeed seeds the exploration draws; 0 for a random seed
   */
  public record RoutingSettings(
      boolean conversions, double explorationShare, long explorationSeed) {}

  /**
   * Where this member binds and whom it joins.
   *
   * @param outboundPorts ports for outgoing member connections ({@code 34000-34019}); empty: any
   */
  public record ClusterSettings(String host, int port, List<String> members, String outboundPorts) {
    private static final java.util.regex.Pattern PORTS =
        java.util.regex.Pattern.compile("[0-9]{1,5}(-[0-9]{1,5})?(,[0-9]{1,5}(-[0-9]{1,5})?)*");

    public ClusterSettings {
      if (!outboundPorts.isEmpty() && !PORTS.matcher(outboundPorts).matches()) {
        throw new ConfigException(
            "key cluster.outbound_ports: expected a port, a range like 34000-34019, or a"
                + " comma-separated list of them, but was '"
                + outboundPorts
                + "'");
      }
    }

    public boolean standalone() {
      return members.isEmpty();
    }
  }

  /** How this member's Hazelcast joins the cluster. */
  public ClusterOptions clusterOptions() {
    return new ClusterOptions(
        cluster.host(), cluster.port(), cluster.members(), cluster.outboundPorts(), idempotencyTtl);
  }

  static GatewayConfig from(Settings s) {
    ClusterSettings cluster =
        new ClusterSettings(
            s.text("cluster.host"),
            s.integer("cluster.port"),
            s.list("cluster.members"),
            s.text("cluster.outbound_ports"));
    Optional<byte[]> secret = s.bytes("otp.secret");
    if (!cluster.standalone() && secret.isEmpty()) {
      throw new ConfigException(
          "key otp.secret: is empty, but cluster.members is set; expected the same base64 secret on"
              + " every member (OTPGW_OTP_SECRET), or a code sent by one member fails its check on"
              + " another");
    }
    return new GatewayConfig(
        s.text("http.host"),
        s.integer("http.port"),
        s.text("admin_key"),
        s.path("data_dir"),
        s.path("rules_dir"),
        s.text("public_base_url"),
        s.switchValue("simulator"),
        s.integer("simulator_port"),
        s.switchValue("demo_tenant"),
        cluster,
        secret,
        Duration.ofSeconds(s.integer("verification.retention_seconds")),
        Duration.ofHours(s.integer("idempotency.ttl_hours")),
        new LedgerSettings(
            s.text("ledger.postgres_url"),
            s.text("ledger.signing_key"),
            Duration.ofMillis(s.integer("ledger.sync_every_ms"))),
        s.integer("admission.heap_percent"),
        s.switchValue("admission.pacing").resolve(true),
        Duration.ofMillis(s.integer("shutdown.drain_ms")),
        s.usd("sim_swap.lookup_price_usd"),
        new BreakerSettings(
            s.integer("breaker.max_failures"),
            Duration.ofMillis(s.integer("breaker.window_ms")),
            Duration.ofMillis(s.integer("breaker.reset_ms"))),
        new RoutingSettings(
            s.switchValue("routing.conversions").resolve(true),
            s.integer("routing.exploration_percent") / 100.0,
            s.integer("routing.exploration_seed")),
        new ProviderSettings(
            new TwilioSettings(
                s.text("providers.twilio.account_sid"),
                s.text("providers.twilio.auth_token"),
                s.text("providers.twilio.base_url"),
                Duration.ofMillis(s.integer("providers.twilio.timeout_ms")),
                s.integer("providers.twilio.max_connections"),
                s.integer("providers.twilio.threads")),
            new SinchSettings(
                s.text("providers.sinch.service_plan_id"),
                s.text("providers.sinch.api_token"),
                s.text("providers.sinch.webhook_secret"),
                s.text("providers.sinch.base_url"),
                Duration.ofMillis(s.integer("providers.sinch.timeout_ms"))),
            new MessageBirdSettings(
                s.text("providers.messagebird.access_key"),
                s.text("providers.messagebird.signing_key"),
                s.text("providers.messagebird.base_url"),
                Duration.ofMillis(s.integer("providers.messagebird.timeout_ms")),
                s.integer("providers.messagebird.max_connections")),
            new RbmSettings(
                s.text("providers.rbm.agent_id"),
                s.text("providers.rbm.access_token"),
                s.text("providers.rbm.webhook_token"),
                s.text("providers.rbm.base_url"),
                Duration.ofMillis(s.integer("providers.rbm.timeout_ms")))),
        s.node("tenants"));
  }

  /** Whether the built-in simulator carries the messages. */
  public boolean simulatorOn() {
    return simulator.resolve(!providers.anyCredentials());
  }

  public boolean demoTenantOn() {
    return demoTenant.resolve(simulatorOn());
  }

  /** The URL providers call back, without a trailing slash. */
  public String resolvedPublicBaseUrl(int actualHttpPort) {
    return publicBaseUrl.isEmpty() ? "http://127.0.0.1:" + actualHttpPort : publicBaseUrl;
  }

  @Override
  public String toString() {
    return "GatewayConfig[http=" + httpHost + ":" + httpPort + ", dataDir=" + dataDir + "]";
  }
}
