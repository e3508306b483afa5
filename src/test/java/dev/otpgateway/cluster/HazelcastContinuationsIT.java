package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.otpgateway.testing.Ports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gateway points Hazelcast's async continuations at a pool of its own through an internal
 * Hazelcast class (see {@link ClusterState#clusterManager}). Nothing supported says Hazelcast will
 * keep honouring it: this fails when an upgrade moves or ignores it.
 */
class HazelcastContinuationsIT {
  @Test
  void a_map_calls_continuations_run_on_the_gateways_own_pool() throws Exception {
    ClusterOptions options =
        new ClusterOptions("127.0.0.1", Ports.free(), List.of(), "", Duration.ofHours(24));
    ClusterState.clusterManager(options);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(HazelcastSetup.config(options));
    try {
      IMap<String, String> map = member.getMap("continuations-test");
      map.put("k", "v");
      String thread =
          map.getAsync("k")
              .thenApplyAsync(v -> Thread.currentThread().getName())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertThat(thread).startsWith(ClusterState.CONTINUATION_THREAD);
    } finally {
      member.shutdown();
    }
  }
}
