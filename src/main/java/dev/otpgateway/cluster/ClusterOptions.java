package dev.otpgateway.cluster;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How this Hazelcast member joins its cluster.
 *
 * @param host the address it binds to and announces
 * @param port its member port (the next free one is taken when busy)
 * @param members the members to join, host or host:port; empty for a standalone member. This member
 *     may be among them (one list for every member, as in docker-compose).
 * @param outboundPorts the local ports its outgoing member connections bind to ({@code 34000-34019}
 *     or a list); empty for any. For firewalls, and for the fault harness, which cuts members apart
 *     by their ports.
 * @param idempotencyTtl how long an idempotency record is kept
 */
public record ClusterOptions(
    String host, int port, List<String> members, String outboundPorts, Duration idempotencyTtl) {
  static final int DEFAULT_PORT = 5701;

  /**
   * Outbound ports to give each other member: its connection, a reconnect, a connect a partition
   * leaves hanging, and ports closed connections hold in TIME_WAIT for a minute.
   */
  static final int OUTBOUND_PORTS_PER_MEMBER = 10;

  public ClusterOptions {
    members = List.copyOf(members);
  }

  /** A standalone member on this port. */
  public static ClusterOptions standalone(int port) {
    return new ClusterOptions("127.0.0.1", port, List.of(), "", Duration.ofHours(24));
  }

  /** How many members the cluster is meant to have: the listed ones and this one, once each. */
  public int expectedSize() {
    Set<String> distinct = new LinkedHashSet<>();
    distinct.add(normalized(host + ":" + port));
    for (String m : members) {
      distinct.add(normalized(m));
    }
    return distinct.size();
  }

  /**
   * The fewest members that may still change shared state: a majority of the expected members, when
   * there are at least three; otherwise 1 (a two-member cluster would stop at any loss). A minority
   * cut off by a partition then refuses writes, so the two sides of a split brain cannot both
   * approve one code or both count a number's sends.
   */
  public int quorum() {
    int expected = expectedSize();
    return expected >= 3 ? expected / 2 + 1 : 1;
  }

  /**
   * Why {@code outboundPorts} is too narrow for the expected cluster, or null when it is not (or is
   * empty: any port). When no port of the range is free, Hazelcast 5.6 leaks the socket of each
   * connection attempt (its connector closes a socket whose connect failed, not one whose bind
   * did), and the member ends out of file descriptors.
   */
  public String outboundPortsShortfall() {
    if (outboundPorts.isBlank()) {
      return null;
    }
    int ports = 0;
    for (String part : outboundPorts.split(",")) {
      String[] range = part.strip().split("-");
      int first = Integer.parseInt(range[0].strip());
      int last = range.length > 1 ? Integer.parseInt(range[1].strip()) : first;
      ports += Math.abs(last - first) + 1;
    }
    int others = expectedSize() - 1;
    int wanted = OUTBOUND_PORTS_PER_MEMBER * others;
    if (ports >= wanted) {
      return null;
    }
    return "cluster.outbound_ports ("
        + outboundPorts
        + ") gives "
        + ports
        + " ports for connections to "
        + others
        + " other members; give at least "
        + wanted
        + ": when none is free, Hazelcast leaks a file descriptor for every connection attempt"
        + " (docs/operations.md, \"File descriptors running out\")";
  }

  private static String normalized(String member) {
    String m = member.strip().toLowerCase(Locale.ROOT);
    int colon = m.lastIndexOf(':');
    String host = colon < 0 ? m : m.substring(0, colon);
    String port = colon < 0 ? Integer.toString(DEFAULT_PORT) : m.substring(colon + 1);
    try {
      return java.net.InetAddress.getByName(host).getHostAddress() + ":" + port;
    } catch (java.net.UnknownHostException notYet) {
      // Another member's name may not resolve before it is up (a container starting): by name.
      return host + ":" + port;
    }
  }
}
