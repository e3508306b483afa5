package dev.otpgateway.tenancy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a tenant's status callbacks may go (DESIGN §4, Tenants): an https URL to a public host,
 * with no user name or password in it. A tenant controls the URL, so without this rule it could
 * make the gateway post into the network it runs in: a cloud metadata service (169.254.169.254), an
 * admin console on 10.0.0.1, the gateway's own loopback. Loopback is allowed only while the
 * built-in simulator is on, which is how tests catch callbacks; http then too, for loopback only.
 *
 * <p>The URL is checked when a tenant sets it, and every address its host resolves to is checked
 * again each time a callback is sent ({@link #problemWithAddress}), because a name can resolve to
 * something else by then (DNS rebinding). Pure: parsing a literal address never asks DNS.
 */
public final class CallbackTargetPolicy {
  private static final Pattern DOTTED_QUAD =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  /**
   * A last label that is a number: the host is an address in some notation other than a dotted quad
   * (2130706433, 0x7f.1, 127.1), which resolvers read as an address; no top-level domain is
   * numeric.
   */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("(.*\\.)?([0-9]+|0x[0-9a-f]*)");

  private final boolean loopbackAllowed;

  /**
   * @param loopbackAllowed true while the built-in simulator is on
   */
  public CallbackTargetPolicy(boolean loopbackAllowed) {
    this.loopbackAllowed = loopbackAllowed;
  }

  public boolean loopbackAllowed() {
    return loopbackAllowed;
  }

  /** Why a status callback URL is refused, or null when it may be used. */
  public String problemWithUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null) {
      return "must be an absolute https URL";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not carry a user name or password";
    }
    String host = uri.getHost();
    if (host == null) {
      return "must name its host by a DNS name in ASCII (punycode for international names) or a"
          + " plain address";
    }
    if (uri.getRawFragment() != null) {
      return "must not have a fragment";
    }
    if (uri.getPort() == 0) {
      return "must not use port 0";
    }
    String hostProblem = problemWithHost(host);
    if (hostProblem != null) {
      return hostProblem;
    }
    boolean loopback = isLoopbackHost(host);
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      return loopbackAllowed
          ? "must be an https URL (http only to loopback, while the simulator is on)"
          : "must be an https URL";
    }
    return null;
  }

  /** Why a host of a callback URL is refused, or null; literal addresses are checked here. */
  String problemWithHost(String rawHost) {
    String host = rawHost.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      InetAddress address = literal(host.substring(1, host.length() - 1));
      return address == null ? "has an unreadable IPv6 address" : problemWithAddress(address);
    }
    if (DOTTED_QUAD.matcher(host).matches()) {
      return problemWithAddress(literal(host));
    }
    if (NUMERIC_LABEL.matcher(host).matches()) {
      return "must name its host by a DNS name or a plain dotted-quad address";
    }
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return loopbackAllowed ? null : "must not be a loopback host";
    }
    if (!host.contains(".")) {
      return "must name a public host: a name without a dot resolves inside the local network";
    }
    for (String internal : new String[] {".local", ".internal", ".home.arpa", ".lan"}) {
      if (host.endsWith(internal)) {
        return "must name a public host, not one under " + internal;
      }
    }
    return null;
  }

  /**
   * Why an address may not be called, or null when it is public (loopback too while the simulator
   * is on). IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by it.
   */
  public String problemWithAddress(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return problemWithIpv4(v4.getAddress());
    }
    byte[] b = address.getAddress();
    if (address.isLoopbackAddress()) {
      return loopbackAllowed ? null : "is a loopback address";
    }
    if (address.isAnyLocalAddress()) {
      return "is the unspecified address";
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if (first == 0xff) {
      return "is a multicast address";
    }
    if (first == 0xfe && (second & 0xc0) == 0x80) {
      return "is a link-local address";
    }
    if (first == 0xfe && (second & 0xc0) == 0xc0) {
      return "is a site-local address";
    }
    if ((first & 0xfe) == 0xfc) {
      return "is a unique-local (private) address";
    }
    if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return embedded(b, 12); // ::ffff:a.b.c.d
    }
    if (zeros(b, 0, 12)) {
      return embedded(b, 12); // ::a.b.c.d, deprecated IPv4-compatible
    }
    if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      return embedded(b, 12); // 64:ff9b::/96 and 64:ff9b:1::/48, NAT64
    }
    if (first == 0x20 && second == 0x02) {
      return embedded(b, 2); // 2002::/16, 6to4
    }
    if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
      return "is a Teredo tunnel address";
    }
    if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return "is a documentation address";
    }
    if (first == 0x01 && second == 0x00 && zeros(b, 2, 8)) {
      return "is a discard-only address";
    }
    return null;
  }

  private String problemWithIpv4(byte[] b) {
    int a = b[0] & 0xff;
    int c = b[1] & 0xff;
    int d = b[2] & 0xff;
    if (a == 127) {
      return loopbackAllowed ? null : "is a loopback address";
    }
    if (a == 169 && c == 254) {
      return (d == 169 && (b[3] & 0xff) == 254)
          ? "is the cloud metadata address"
          : "is a link-local address";
    }
    if (a == 0) {
      return "is in 0.0.0.0/8 (this network)";
    }
    if (a == 10 || (a == 172 && (c & 0xf0) == 16) || (a == 192 && c == 168)) {
      return "is a private address (RFC 1918)";
    }
    if (a == 100 && (c & 0xc0) == 64) {
      return "is a carrier-grade NAT address (RFC 6598)";
    }
    if (a == 192 && c == 0 && d == 0) {
      return "is an IETF protocol assignment (192.0.0.0/24)";
    }
    if ((a == 192 && c == 0 && d == 2)
        || (a == 198 && c == 51 && d == 100)
        || (a == 203 && c == 0 && d == 113)) {
      return "is a documentation address";
    }
    if (a == 192 && c == 88 && d == 99) {
      return "is a 6to4 relay anycast address";
    }
    if (a == 198 && (c & 0xfe) == 18) {
      return "is a benchmarking address (198.18.0.0/15)";
    }
    if (a >= 224 && a <= 239) {
      return "is a multicast address";
    }
    if (a >= 240) {
      return "is a reserved or broadcast address";
    }
    return null;
  }

  private String embedded(byte[] b, int at) {
    String problem = problemWithIpv4(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
    return problem == null ? null : "carries an IPv4 address that " + problem.substring(3);
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLoopbackHost(String rawHost) {
    String host = rawHost.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    String bare = bracketed ? host.substring(1, host.length() - 1) : host;
    if (!bracketed && !DOTTED_QUAD.matcher(bare).matches()) {
      return false;
    }
    InetAddress address = literal(bare);
    return address != null && address.isLoopbackAddress();
  }

  /**
   * An address written as a literal, or null. Only ever called with an IPv6 literal or a dotted
   * quad, which the JDK parses without asking DNS.
   */
  private static InetAddress literal(String text) {
    if (!text.contains(":") && !DOTTED_QUAD.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
