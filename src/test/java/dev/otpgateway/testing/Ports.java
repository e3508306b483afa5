package dev.otpgateway.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports for servers a test starts. */
public final class Ports {
  /**
   * Every port handed out in this JVM. A port looks free again as soon as the probe that found it
   * is closed, and a test that asks for two (a gateway's HTTP and cluster ports, three members)
   * would then start two servers on one port: "Address already in use".
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /** Linux hands out ephemeral ports from 32768 up (ip_local_port_range): ours stay below. */
  private static final int EPHEMERAL_FROM = 32_768;

  private static final int LOWEST = 20_000;

  private Ports() {}

  /**
   * The first of {@code count} consecutive free ports, for a setting that takes a range. They lie
   * below the kernel's ephemeral ports, so no outgoing connection of another process takes one of
   * them while the test runs.
   */
  public static synchronized int block(int count) {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int first = ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_FROM - count);
      if (allFree(first, count)) {
        for (int port = first; port < first + count; port++) {
          HANDED_OUT.add(port);
        }
        return first;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports below 32768");
  }

  private static boolean allFree(int first, int count) {
    for (int port = first; port < first + count; port++) {
      if (HANDED_OUT.contains(port)) {
        return false;
      }
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        // bound: free
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /**
   * A free port below the kernel's ephemeral ports. One the kernel offers (bind to port 0) is
   * ephemeral: between the probe's close and the server's bind, an outgoing connection of this JVM
   * (a member joining, a client of the previous test) may take it as its local port, and the server
   * fails with "Address already in use" (seen once in CI, in SimSwapIT).
   */
  public static int free() {
    return block(1);
  }
}
