package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {
  private static ClusterOptions threeMembers(String outboundPorts) {
    return new ClusterOptions(
        "127.0.0.1",
        5701,
        List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"),
        outboundPorts,
        Duration.ofHours(1));
  }

  @Test
  void any_port_or_ten_for_each_other_member_is_enough() {
    assertThat(threeMembers("").outboundPortsShortfall()).isNull();
    assertThat(threeMembers("34000-34019").outboundPortsShortfall()).isNull();
    assertThat(threeMembers("34000-34009,35000-35009").outboundPortsShortfall()).isNull();
  }

  @Test
  void a_narrower_range_is_named_with_what_it_gives_and_what_it_needs() {
    assertThat(threeMembers("34000-34005").outboundPortsShortfall())
        .isEqualTo(
            "cluster.outbound_ports (34000-34005) gives 6 ports for connections to 2 other"
                + " members; give at least 20: when none is free, Hazelcast leaks a file descriptor"
                + " for every connection attempt (docs/operations.md, \"File descriptors running"
                + " out\")");
    assertThat(threeMembers("34000,34001,34002-34004").outboundPortsShortfall())
        .startsWith("cluster.outbound_ports (34000,34001,34002-34004) gives 5 ports");
  }

  @Test
  void a_standalone_member_needs_no_outbound_ports() {
    assertThat(
            new ClusterOptions("127.0.0.1", 5701, List.of(), "34000", Duration.ofHours(1))
                .outboundPortsShortfall())
        .isNull();
  }
}
