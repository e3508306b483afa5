package dev.otpgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Free loopback ports for servers a test starts. */
public final class Ports {
  /**
   * Every port handed out in this JVM. The kernel may offer a port again as soon as the probe that
   * found it is closed, and a test that asks for two (a gateway's HTTP and cluster ports, three
   * members) would then start two servers on one port: "Address already in use".
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private Ports() {}

  public static int free() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (HANDED_OUT.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
