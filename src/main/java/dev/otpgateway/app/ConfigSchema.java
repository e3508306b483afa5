package dev.otpgateway.app;

import dev.otpgateway.app.ConfigKey.ConfigType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configuration key the gateway reads, in the order the README's table lists them. */
final class ConfigSchema {
  static final List<ConfigKey> KEYS =
      List.of(
          key(
              "http.host",
              ConfigType.TEXT,
              "127.0.0.1",
              "Interface the HTTP API listens on; 0.0.0.0 for every interface."),
          key("http.port", ConfigType.PORT, "8080", "Port of the HTTP API."),
          key(
              "admin_key",
              ConfigType.SECRET,
              "",
              "Admin API key. Empty: one is generated and printed once at start."),
          key(
              "data_dir",
              ConfigType.PATH,
              "./data",
              "Where tenants and the generated secrets are kept across restarts."),
          key(
              "rules_dir",
              ConfigType.PATH,
              "./routing-rules",
              "Directory of the routing rules (YAML)."),
          key(
              "public_base_url",
              ConfigType.URL,
              "",
              "URL providers call back with delivery receipts (their signatures cover it). Empty: http://127.0.0.1:<http.port>."),
          key(
              "simulator",
              ConfigType.SWITCH,
              "auto",
              "Built-in provider simulator. auto: on when no provider has credentials."),
          key(
              "simulator_port",
              ConfigType.PORT_OR_ZERO,
              "8090",
              "Port of the simulator's provider APIs (0: any free port)."),
          key(
              "demo_tenant",
              ConfigType.SWITCH,
              "auto",
              "Create a demo tenant at start and print its key. auto: with the simulator."),
          key(
              "cluster.host",
              ConfigType.TEXT,
              "127.0.0.1",
              "Address this Hazelcast member binds to and announces."),
          key(
              "cluster.port",
              ConfigType.PORT,
              "5701",
              "Hazelcast member port (the next free one is taken when busy)."),
          key(
              "cluster.members",
              ConfigType.HOST_LIST,
              "",
              "Other members, host[:port], comma-separated. Empty: standalone member."),
          key(
              "cluster.outbound_ports",
              ConfigType.TEXT,
              "",
              "Local ports this member's outgoing cluster connections bind to, e.g. 34000-34019 (for firewalls). Empty: any."),
          key(
              "otp.secret",
              ConfigType.BASE64_SECRET,
              "",
              "Base64 secret (>= 32 bytes) behind code hashes. Empty: generated into data_dir; required for a cluster."),
          key(
              "verification.retention_seconds",
              ConfigType.POSITIVE_INT,
              "300",
              "How long a verification stays readable after its code expires (it is in memory till then)."),
          key(
              "ledger.postgres_url",
              ConfigType.SECRET,
              "",
              "PostgreSQL URL of the ledger, e.g. postgresql://otpgw:secret@127.0.0.1:5432/otpgw (every member of a cluster writes there). Empty: ledger files under data_dir/ledger."),
          key(
              "ledger.signing_key",
              ConfigType.SECRET,
              "",
              "Base64 of the 32-byte Ed25519 seed that signs ledger checkpoints. Empty: generated into data_dir; `ledger public-key` prints its public half."),
          key(
              "ledger.sync_every_ms",
              ConfigType.MILLIS_OR_ZERO,
              "1000",
              "How often the file ledger is forced to disk (entries are written before each answer either way). 0: after every batch."),
          key(
              "sim_swap.lookup_price_usd",
              ConfigType.USD,
              "0.05",
              "What one SIM-swap look-up (Twilio Lookup v2, sim_swap) costs, for the ledger and the cost report."),
          key(
              "idempotency.ttl_hours",
              ConfigType.DAY_OR_MORE_HOURS,
              "24",
              "How long an Idempotency-Key is remembered (at least 24)."),
          key(
              "admission.heap_percent",
              ConfigType.HEAP_PERCENT,
              "80",
              "New starts answer 503 with Retry-After while the heap in use after the last garbage collection is over this share of the maximum heap (-Xmx). Checks, reads, cancels and receipts are still served."),
          key(
              "admission.pacing",
              ConfigType.SWITCH,
              "auto",
              "Paces new starts to what the heap budget holds over a verification's stay in memory, so an overloaded member answers a steady share (503 for the rest) rather than everything until its heap is full and then nothing. false: the heap budget alone (short benchmarks of peak throughput). auto: on."),
          key(
              "shutdown.drain_ms",
              ConfigType.MILLIS_OR_ZERO,
              "10000",
              "On SIGTERM, how long this member lets its starts and sends in flight finish (new starts already answer 503) before it leaves the cluster."),
          key(
              "breaker.max_failures",
              ConfigType.POSITIVE_INT,
              "5",
              "Failures within breaker.window_ms that open a provider's circuit breaker."),
          key(
              "breaker.window_ms",
              ConfigType.POSITIVE_INT,
              "10000",
              "The rolling window breaker.max_failures is counted over."),
          key(
              "breaker.reset_ms",
              ConfigType.POSITIVE_INT,
              "10000",
              "How long an open breaker waits before one trial call (half-open)."),
          key(
              "routing.conversions",
              ConfigType.SWITCH,
              "auto",
              "Conversion-aware routing: quality is the share of each route's codes people approve. false: quality from delivery receipts alone. auto: on."),
          key(
              "routing.exploration_percent",
              ConfigType.PERCENT_UP_TO_HALF,
              "5",
              "At most this share of routing decisions rank routes by a draw from their conversion estimates (Thompson sampling) instead of by the estimates, so new and recovering routes keep being tried."),
          key(
              "routing.exploration_seed",
              ConfigType.SEED,
              "0",
              "Seed of the exploration draws; 0: a random one at each start. The ledger records each decision's own seed either way."),
          key("providers.twilio.account_sid", ConfigType.TEXT, "", "Twilio Account SID."),
          key(
              "providers.twilio.auth_token",
              ConfigType.SECRET,
              "",
              "Twilio auth token (also verifies X-Twilio-Signature)."),
          key(
              "providers.twilio.base_url",
              ConfigType.URL,
              "https://api.twilio.com",
              "Twilio REST base URL."),
          key(
              "providers.twilio.timeout_ms",
              ConfigType.POSITIVE_INT,
              "3000",
              "Timeout of one Twilio call."),
          key(
              "providers.twilio.max_connections",
              ConfigType.POSITIVE_INT,
              "256",
              "Twilio connection pool size (per host and total)."),
          key(
              "providers.twilio.threads",
              ConfigType.POSITIVE_INT,
              "64",
              "Threads of Twilio's bounded executor (its bulkhead)."),
          key("providers.sinch.service_plan_id", ConfigType.TEXT, "", "Sinch SMS service plan id."),
          key("providers.sinch.api_token", ConfigType.SECRET, "", "Sinch SMS API token (Bearer)."),
          key(
              "providers.sinch.webhook_secret",
              ConfigType.SECRET,
              "",
              "Sinch callback signing secret (x-sinch-webhook-signature)."),
          key(
              "providers.sinch.base_url",
              ConfigType.URL,
              "https://us.sms.api.sinch.com",
              "Sinch SMS REST base URL."),
          key(
              "providers.sinch.timeout_ms",
              ConfigType.POSITIVE_INT,
              "3000",
              "Timeout of one Sinch call."),
          key(
              "providers.messagebird.access_key",
              ConfigType.SECRET,
              "",
              "MessageBird access key (AccessKey auth)."),
          key(
              "providers.messagebird.signing_key",
              ConfigType.SECRET,
              "",
              "MessageBird webhook signing key (MessageBird-Signature-JWT)."),
          key(
              "providers.messagebird.base_url",
              ConfigType.URL,
              "https://rest.messagebird.com",
              "MessageBird REST base URL."),
          key(
              "providers.messagebird.timeout_ms",
              ConfigType.POSITIVE_INT,
              "3000",
              "Timeout of one MessageBird call."),
          key(
              "providers.messagebird.max_connections",
              ConfigType.POSITIVE_INT,
              "256",
              "MessageBird connection pool size."),
          key("providers.rbm.agent_id", ConfigType.TEXT, "", "Google RBM agent id."),
          key(
              "providers.rbm.access_token",
              ConfigType.SECRET,
              "",
              "OAuth 2.0 access token for the RBM API."),
          key(
              "providers.rbm.webhook_token",
              ConfigType.SECRET,
              "",
              "RBM webhook client token (verifies X-Goog-Signature)."),
          key(
              "providers.rbm.base_url",
              ConfigType.URL,
              "https://rcsbusinessmessaging.googleapis.com",
              "Google RBM REST base URL."),
          key(
              "providers.rbm.timeout_ms",
              ConfigType.POSITIVE_INT,
              "3000",
              "Timeout of one RBM call."),
          key(
              "tenants",
              ConfigType.TENANT_LIST,
              "",
              "Tenants declared in config, each with api_key_sha256 instead of a key."));

  static final Map<String, ConfigKey> BY_PATH = index();

  private ConfigSchema() {}

  private static ConfigKey key(String path, ConfigType type, String def, String description) {
    return new ConfigKey(path, type, def, description);
  }

  private static Map<String, ConfigKey> index() {
    Map<String, ConfigKey> byPath = new LinkedHashMap<>();
    KEYS.forEach(k -> byPath.put(k.path(), k));
    return Map.copyOf(byPath);
  }
}
