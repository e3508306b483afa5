package dev.otpgateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.util.List;
import java.util.Map;

/**
 * The Hazelcast member's configuration: Vert.x's own maps, ours, and a network that stays where it
 * is told. Members join by a listed TCP/IP address only (no multicast); with no members listed the
 * member is standalone.
 */
public final class HazelcastSetup {
  static final String VERIFICATIONS = "otp.verifications";
  static final String DESTINATIONS = "otp.destinations";
  static final String IDEMPOTENCY = "otp.idempotency";
  static final String TENANTS = "otp.tenants";
  static final String TENANT_KEYS = "otp.tenant-keys";
  static final String VOLUMES = "otp.volumes";
  static final String CONVERSIONS = "otp.conversions";
  static final String RECEIPT_INDEX = "otp.receipt-index";
  static final String SPEND = "otp.spend";
  static final String BREAKERS = "otp.breakers";
  static final String FRAUD_COUNTERS = "otp.fraud-counters";
  static final String CLUSTER_SETTINGS = "otp.cluster-settings";

  /** The user-context key of the destination bucket count this member proposes. */
  static final String DESTINATION_BUCKETS = "otp.destination-buckets";

  /** The split-brain protection of the maps whose writes must not happen on both sides. */
  static final String MAJORITY = "otp-majority";

  /**
   * Hazelcast's failure detection, timeouts, split-brain healing and expiry, tuned for a gateway
   * that answers in milliseconds (Hazelcast's defaults suit batch jobs: a minute without heartbeats
   * before a member is suspected, 5 minutes before a healed partition merges, and a background
   * expiry that on two cores removed ~130 entries a second).
   */
  static final Map<String, String> PROPERTIES =
      Map.ofEntries(
          // A member that dies (kill -9) resets its connections at once, and every attempt to
          // reconnect is refused. Hazelcast counts such faults at most one per interval and removes
          // the member at the fault after max.faults: three refusals over at least 100 ms here
          // (100-250 ms in bench/stall), where its default, four over 300 ms, took 340-500 ms, most
          // of the survivors' stall. A live member's connection does not fail three times running
          // without a reconnect succeeding in between; a cut-off one is left to the heartbeat.
          Map.entry("hazelcast.connection.monitor.interval", "50"),
          Map.entry("hazelcast.connection.monitor.max.faults", "2"),
          // A member cut off without a reset (a partition, a frozen process) is noticed by its
          // silence: a heartbeat a second, removed after 5 s without one.
          Map.entry("hazelcast.heartbeat.interval.seconds", "1"),
          Map.entry("hazelcast.max.no.heartbeat.seconds", "5"),
          // An invocation whose target left is retried every 100 ms (default 500) until the
          // partition has its new owner.
          Map.entry("hazelcast.invocation.retry.pause.millis", "100"),
          // No operation of ours takes seconds: one without an answer in 8 s fails rather than
          // holding a client for a minute.
          Map.entry("hazelcast.operation.call.timeout.millis", "8000"),
          // A write whose backup copy did not confirm: see ClusterState (verifications fail on it;
          // StrandedChanges fails them sooner when the copy's member is gone).
          Map.entry("hazelcast.operation.backup.timeout.millis", "1500"),
          // A member stopping (SIGTERM) hands its partitions over before it leaves, but waits at
          // most 20 s for that (default 10 minutes): their backups are on the others anyway.
          Map.entry("hazelcast.graceful.shutdown.max.wait", "20"),
          // A tenant's change (a rotated or revoked key) reaches the other members' near caches at
          // once: batched, as by default, a revoked key went on working on them for 10 s. Tenants
          // are the only near-cached maps, and they change rarely.
          Map.entry("hazelcast.map.invalidation.batch.enabled", "false"),
          // A healed partition merges within seconds, not minutes.
          Map.entry("hazelcast.merge.first.run.delay.seconds", "5"),
          Map.entry("hazelcast.merge.next.run.delay.seconds", "5"),
          // Expiry keeps up with the write rate: every partition's expirable entries are looked at
          // every second (at most 1 ms of a partition thread each), instead of a tenth of a few
          // partitions every 5 s.
          Map.entry("hazelcast.internal.map.expiration.task.period.seconds", "1"),
          Map.entry("hazelcast.internal.map.expiration.cleanup.percentage", "100"),
          Map.entry("hazelcast.internal.map.expiration.cleanup.operation.count", "271"));

  /** Hazelcast's property; an operator's {@code -D} of it is left as given. */
  static final String PARTITION_THREADS = "hazelcast.operation.thread.count";

  private HazelcastSetup() {}

  /**
   * One partition thread for every two cores, where Hazelcast's default is one per core and at
   * least two. Our operations are short and come from the event loops, one per core: the fewer
   * partition threads, the more operations each takes per wake-up. On the benchmark's two cores,
   * one thread answered 1.04× the starts at 0.91× the CPU a start (docs/benchmarks.md, "Hazelcast's
   * partition threads"); larger machines were not measured.
   */
  static int partitionThreads(int cores) {
    return Math.max(1, cores / 2);
  }

  public static Config config(ClusterOptions options) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName("otp-gateway");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    // The gateway stops Hazelcast itself, after Vert.x, on its own shutdown hook.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    PROPERTIES.forEach(config::setProperty);
    if (System.getProperty(PARTITION_THREADS) == null) {
      config.setProperty(
          PARTITION_THREADS,
          Integer.toString(partitionThreads(Runtime.getRuntime().availableProcessors())));
    }
    VerificationKey.register(config.getSerializationConfig());
    config
        .getUserContext()
        .put(DESTINATION_BUCKETS, options.expectedSize() * DestinationBucket.PER_MEMBER);

    List<String> members = options.members();
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(options.port()).setPortAutoIncrement(true).setPortCount(100);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(address(options.host())));
    if (!options.outboundPorts().isBlank()) {
      network.addOutboundPortDefinition(options.outboundPorts());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(!members.isEmpty()).setMembers(members);

    // Writes need a majority of the expected members: a minority cut off by a partition refuses
    // them (its clients get 503 and go to another member) instead of approving a code or counting
    // a send the majority does not see. Reads stay open on both sides.
    int quorum = options.quorum();
    String protection = null;
    if (quorum > 1) {
      config.addSplitBrainProtectionConfig(
          new SplitBrainProtectionConfig(MAJORITY, true, quorum)
              .setProtectOn(SplitBrainProtectionOn.WRITE));
      protection = MAJORITY;
    }

    config.addMapConfig(
        new MapConfig(VERIFICATIONS)
            .setBackupCount(1)
            .setSplitBrainProtectionName(protection)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setMergePolicyConfig(
                new MergePolicyConfig(VerificationMergePolicy.class.getName(), 100)));
    config.addMapConfig(
        new MapConfig(DESTINATIONS)
            .setBackupCount(1)
            .setSplitBrainProtectionName(protection)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setMergePolicyConfig(
                new MergePolicyConfig(DestinationMergePolicy.class.getName(), 100)));
    config.addMapConfig(
        new MapConfig(IDEMPOTENCY)
            .setBackupCount(1)
            .setSplitBrainProtectionName(protection)
            .setTimeToLiveSeconds((int) options.idempotencyTtl().toSeconds()));
    // A month's volumes are kept well past the month, for the next one's reports.
    config.addMapConfig(
        new MapConfig(VOLUMES).setBackupCount(1).setTimeToLiveSeconds(100 * 24 * 3600));
    config.addMapConfig(new MapConfig(RECEIPT_INDEX).setBackupCount(1));
    // Conversion counts change every second from every node: kept as objects, so merging a node's
    // counts does not serialise the whole book each time.
    config.addMapConfig(
        new MapConfig(CONVERSIONS).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT));
    // Fraud counts keep fifteen days of history; a key nobody counts for that long goes. Additions
    // need a majority too: a minority's members keep their counts until the heal, which errs
    // toward refusing (FraudCounterMergePolicy).
    config.addMapConfig(
        new MapConfig(FRAUD_COUNTERS)
            .setBackupCount(1)
            .setSplitBrainProtectionName(protection)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setMaxIdleSeconds(16 * 24 * 3600)
            .setMergePolicyConfig(
                new MergePolicyConfig(FraudCounterMergePolicy.class.getName(), 100)));
    // A month's spend is kept past the month, like its volumes.
    config.addMapConfig(
        new MapConfig(SPEND).setBackupCount(1).setTimeToLiveSeconds(100 * 24 * 3600));
    config.addMapConfig(nearCached(TENANTS));
    config.addMapConfig(nearCached(TENANT_KEYS));
    return config;
  }

  /**
   * Hazelcast binds to interfaces by IP; a host name (a container's, in docker-compose) is resolved
   * to the address it stands for.
   */
  static String address(String host) {
    try {
      return java.net.InetAddress.getByName(host).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(
          "cluster.host " + host + " does not resolve to an address", e);
    }
  }

  /**
   * Tenants are read on every request and change rarely: a near cache that also covers the member's
   * own partitions serves them without leaving the calling thread.
   */
  private static MapConfig nearCached(String name) {
    NearCacheConfig nearCache =
        new NearCacheConfig(name)
            .setInMemoryFormat(InMemoryFormat.OBJECT)
            .setCacheLocalEntries(true)
            .setInvalidateOnChange(true)
            .setEvictionConfig(
                new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU).setSize(100_000));
    return new MapConfig(name).setBackupCount(1).setNearCacheConfig(nearCache);
  }
}
