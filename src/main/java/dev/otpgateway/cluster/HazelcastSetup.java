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
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.time.Duration;
import java.util.List;

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
  static final String TIMERS = "otp.timers";
  static final String VOLUMES = "otp.volumes";
  static final String CONVERSIONS = "otp.conversions";
  static final String RECEIPT_INDEX = "otp.receipt-index";
  static final String SPEND = "otp.spend";
  static final String FRAUD_COUNTERS = "otp.fraud-counters";

  private HazelcastSetup() {}

  /**
   * @param members other members, host or host:port; none for a standalone member
   */
  public static Config config(
      String host, int port, List<String> members, Duration idempotencyTtl) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName("otp-gateway");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    // The gateway stops Hazelcast itself, after Vert.x, on its own shutdown hook.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(true).setPortCount(100);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(address(host)));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(!members.isEmpty()).setMembers(members);

    config.addMapConfig(
        new MapConfig(VERIFICATIONS)
            .setBackupCount(1)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setMergePolicyConfig(
                new MergePolicyConfig(VerificationMergePolicy.class.getName(), 100)));
    config.addMapConfig(
        new MapConfig(DESTINATIONS)
            .setBackupCount(1)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setMergePolicyConfig(
                new MergePolicyConfig(DestinationMergePolicy.class.getName(), 100)));
    config.addMapConfig(
        new MapConfig(IDEMPOTENCY)
            .setBackupCount(1)
            .setTimeToLiveSeconds((int) idempotencyTtl.toSeconds()));
    config.addMapConfig(new MapConfig(TIMERS).setBackupCount(1));
    // A month's volumes are kept well past the month, for the next one's reports.
    config.addMapConfig(
        new MapConfig(VOLUMES).setBackupCount(1).setTimeToLiveSeconds(100 * 24 * 3600));
    config.addMapConfig(new MapConfig(RECEIPT_INDEX).setBackupCount(1));
    // Conversion counts change every second from every node: kept as objects, so merging a node's
    // counts does not serialise the whole book each time.
    config.addMapConfig(
        new MapConfig(CONVERSIONS).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT));
    // Fraud counts keep fifteen days of history; a key nobody counts for that long goes.
    config.addMapConfig(
        new MapConfig(FRAUD_COUNTERS)
            .setBackupCount(1)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setMaxIdleSeconds(16 * 24 * 3600));
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
