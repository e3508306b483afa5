package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Ports;
import java.time.Duration;
import java.util.List;

/** Two real Hazelcast members on loopback, configured as the gateway configures its members. */
final class TwoMembers implements AutoCloseable {
  final HazelcastInstance first;
  final HazelcastInstance second;

  TwoMembers() {
    int p1 = Ports.free();
    int p2 = Ports.free();
    List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
    first = member(p1, members);
    second = member(p2, members);
    assertThat(first.getCluster().getMembers()).hasSize(2);
    // Tests start once the second member holds its partitions: a migration under way clears what
    // a near cache holds for the partitions it moves, and moves the owners a test reads from.
    Await.until(
        "the partitions migrated to the second member",
        Duration.ofSeconds(30),
        () ->
            first.getPartitionService().isClusterSafe()
                    && second.getPartitionService().isClusterSafe()
                ? true
                : null);
  }

  private static HazelcastInstance member(int port, List<String> members) {
    return Hazelcast.newHazelcastInstance(
        HazelcastSetup.config(
            new ClusterOptions("127.0.0.1", port, members, "", Duration.ofHours(24))));
  }

  @Override
  public void close() {
    first.shutdown();
    second.shutdown();
  }
}
