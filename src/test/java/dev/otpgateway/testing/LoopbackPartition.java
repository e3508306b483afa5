package dev.otpgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real network partition between member processes on loopback: iptables drops every TCP packet
 * between one side's cluster ports and the other's, in both directions, while HTTP to every member
 * keeps working. A member's cluster ports are its listening port and the ports its outgoing cluster
 * connections bind to ({@code cluster.outbound_ports}), so these rules cut exactly the member
 * connections and nothing else. Packets are dropped, not refused: like a pulled cable, each side
 * learns of the split from the silence (Hazelcast's heartbeat timeout), not from a reset.
 *
 * <p>The rules live in a chain of their own, jumped to from INPUT, and go when the partition heals
 * or the test closes it. Needs root and Debian's {@code iptables} (CI runs as root and installs
 * it).
 */
public final class LoopbackPartition implements AutoCloseable {
  private final String chain = "OTPGW_SPLIT_" + ProcessHandle.current().pid();
  private boolean active;

  private LoopbackPartition() {}

  /**
   * Cuts every cluster connection between {@code side} and {@code others}.
   *
   * @param side the cluster ports of the members on one side (at most 15 ports or ranges)
   * @param others those of the members on the other side
   */
  public static LoopbackPartition cut(List<String> side, List<String> others) {
    LoopbackPartition p = new LoopbackPartition();
    p.iptables("-N", p.chain);
    p.active = true;
    try {
      String a = ports(side);
      String b = ports(others);
      p.iptables(drop(p.chain, a, b));
      p.iptables(drop(p.chain, b, a));
      p.iptables("-I", "INPUT", "-j", p.chain);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  private static String[] drop(String chain, String from, String to) {
    return new String[] {
      "-A",
      chain,
      "-p",
      "tcp",
      "-m",
      "multiport",
      "--sports",
      from,
      "-m",
      "multiport",
      "--dports",
      to,
      "-j",
      "DROP"
    };
  }

  /** iptables writes ranges with a colon: 34000:34019. */
  private static String ports(List<String> ports) {
    return ports.stream().map(p -> p.replace('-', ':')).collect(Collectors.joining(","));
  }

  /** Removes the rules: packets flow again and the two sides find each other and merge. */
  public void heal() {
    close();
  }

  @Override
  public void close() {
    if (!active) {
      return;
    }
    active = false;
    // Each step is tried even when one before failed (a rule never added, say).
    tryIptables("-D", "INPUT", "-j", chain);
    tryIptables("-F", chain);
    tryIptables("-X", chain);
  }

  /** Whether iptables can be used here: installed, and run as root. */
  public static boolean available() {
    try {
      return run(List.of("iptables", "-S", "INPUT")).isEmpty();
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private void iptables(String... args) {
    String failure = run(command(args));
    if (!failure.isEmpty()) {
      throw new IllegalStateException(failure);
    }
  }

  private void tryIptables(String... args) {
    run(command(args));
  }

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add("iptables");
    // Wait for the xtables lock rather than failing when another iptables call holds it.
    command.add("-w");
    command.addAll(List.of(args));
    return command;
  }

  /** Runs a command; answers "" when it exits 0, else what it printed and its exit code. */
  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + ": no answer in 30 s";
      }
      return p.exitValue() == 0
          ? ""
          : String.join(" ", command) + " exited " + p.exitValue() + ": " + out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
