package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.otpgateway.testing.Ports;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A member runs the partition threads {@link HazelcastSetup#partitionThreads} gives. */
class PartitionThreadsIT {
  @Test
  void one_partition_thread_for_every_two_cores() {
    assertThat(HazelcastSetup.partitionThreads(1)).isEqualTo(1);
    assertThat(HazelcastSetup.partitionThreads(2)).isEqualTo(1);
    assertThat(HazelcastSetup.partitionThreads(3)).isEqualTo(1);
    assertThat(HazelcastSetup.partitionThreads(8)).isEqualTo(4);
  }

  @Test
  void a_member_starts_that_many() {
    ClusterOptions options =
        new ClusterOptions("127.0.0.1", Ports.free(), List.of(), "", Duration.ofHours(24));
    HazelcastInstance member = Hazelcast.newHazelcastInstance(HazelcastSetup.config(options));
    try {
      String prefix = "hz." + member.getName() + ".partition-operation.thread-";
      long threads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().startsWith(prefix))
              .count();
      assertThat(threads)
          .isEqualTo(HazelcastSetup.partitionThreads(Runtime.getRuntime().availableProcessors()));
    } finally {
      member.getLifecycleService().terminate();
    }
  }
}
