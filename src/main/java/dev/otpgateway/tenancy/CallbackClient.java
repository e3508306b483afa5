package dev.otpgateway.tenancy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Posts to a tenant's callback URL without letting the tenant aim the gateway at its own network:
 * the host is resolved for each post ({@link Resolver}), every address it resolves to must pass the
 * {@link CallbackTargetPolicy}, the connection goes to the address that was checked (not to a
 * second lookup that could answer otherwise), and the address the connection reached is checked
 * once more. No redirect is followed, and time and the answer read are bounded.
 */
public final class CallbackClient {
  /**
   * Connect (TLS handshake included) within this, then have the answer within {@link
   * #REQUEST_TIMEOUT_MS}.
   */
  static final int CONNECT_TIMEOUT_MS = 5_000;

  static final int REQUEST_TIMEOUT_MS = 5_000;

  /** Seconds an idle connection to a tenant's endpoint is kept for the next callback. */
  private static final int IDLE_SECONDS = 10;

  /**
   * Connections per tenant endpoint at most: callbacks are few per verification and go off the
   * request path, so a slow endpoint queues its own callbacks instead of taking sockets from
   * others.
   */
  private static final int CONNECTIONS_PER_ENDPOINT = 32;

  /** The most of a callback answer read; only its status matters. */
  static final int MAX_ANSWER_BYTES = 16 * 1024;

  /** Resolves a host name to the addresses it has now. */
  @FunctionalInterface
  public interface Resolver {
    Future<List<InetAddress>> resolve(String host);
  }

  /** The platform's resolver (the JDK's, which honours the system's DNS settings), off the loop. */
  public static Resolver systemResolver(Vertx vertx) {
    return host -> vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
  }

  /** A callback the policy refused: it is not sent, and retrying will not change that. */
  public static final class RefusedException extends RuntimeException {
    RefusedException(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final HttpClient http;
  private final CallbackTargetPolicy policy;
  private final Resolver resolver;

  public CallbackClient(Vertx vertx, CallbackTargetPolicy policy, Resolver resolver) {
    this(vertx, policy, resolver, null);
  }

  /**
   * @param trust the certificates to trust instead of the JDK's, for tests; null in production
   */
  CallbackClient(Vertx vertx, CallbackTargetPolicy policy, Resolver resolver, TrustOptions trust) {
    this.vertx = vertx;
    this.policy = policy;
    this.resolver = resolver;
    HttpClientOptions options =
        new HttpClientOptions()
            .setConnectTimeout(CONNECT_TIMEOUT_MS)
            .setIdleTimeout(IDLE_SECONDS)
            .setKeepAliveTimeout(IDLE_SECONDS)
            .setVerifyHost(true);
    if (trust != null) {
      options.setTrustOptions(trust);
    }
    this.http =
        vertx.createHttpClient(
            options, new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_ENDPOINT));
  }

  /**
   * Posts {@code body} to {@code url}; answers the HTTP status. Fails with {@link RefusedException}
   * when the URL or an address of its host is not allowed (nothing is sent), and with the network's
   * failure when the target cannot be reached.
   */
  public Future<Integer> post(String url, Map<String, String> headers, Buffer body) {
    String problem = policy.problemWithUrl(url);
    if (problem != null) {
      return Future.failedFuture(new RefusedException("the callback URL " + problem));
    }
    URI uri = URI.create(url);
    String host = uri.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    return resolver
        .resolve(bare)
        .compose(
            addresses -> {
              InetAddress target = checked(bare, addresses);
              RequestOptions request =
                  new RequestOptions()
                      .setMethod(HttpMethod.POST)
                      .setServer(SocketAddress.inetSocketAddress(port, target.getHostAddress()))
                      .setHost(bare)
                      .setPort(port)
                      .setSsl(https)
                      .setURI(pathAndQuery(uri))
                      .setFollowRedirects(false)
                      .setConnectTimeout(CONNECT_TIMEOUT_MS)
                      .setIdleTimeout(REQUEST_TIMEOUT_MS);
              headers.forEach(request::putHeader);
              return http.request(request).compose(req -> send(req, target, body));
            });
  }

  /**
   * The address to connect to: the first one, when every address the name has now is allowed. One
   * refused address refuses the lot: a name that answers with a public and a private address is one
   * a tenant can steer.
   */
  private InetAddress checked(String host, List<InetAddress> addresses) {
    if (addresses.isEmpty()) {
      throw new RefusedException("the callback host " + host + " has no address");
    }
    for (InetAddress address : addresses) {
      String problem = policy.problemWithAddress(address);
      if (problem != null) {
        throw new RefusedException(
            "the callback host "
                + host
                + " resolves to "
                + address.getHostAddress()
                + ", which "
                + problem);
      }
    }
    return addresses.get(0);
  }

  private Future<Integer> send(HttpClientRequest req, InetAddress target, Buffer body) {
    SocketAddress reached = req.connection().remoteAddress();
    if (reached == null
        || reached.hostAddress() == null
        || !sameAddress(reached.hostAddress(), target)) {
      req.reset();
      return Future.failedFuture(
          new RefusedException("the callback connection reached another address than was checked"));
    }
    // The idle timeout bounds a silent peer; this bounds one that trickles its answer forever.
    long deadline = vertx.setTimer(REQUEST_TIMEOUT_MS, t -> req.reset());
    return req.send(body)
        .compose(
            response -> {
              int[] read = {0};
              response.handler(
                  chunk -> {
                    read[0] += chunk.length();
                    if (read[0] > MAX_ANSWER_BYTES) {
                      // Nothing in the answer is used; a huge one only costs memory and time.
                      req.reset();
                    }
                  });
              return response
                  .end()
                  .map(v -> response.statusCode())
                  .recover(e -> Future.succeededFuture(response.statusCode()));
            })
        .andThen(done -> vertx.cancelTimer(deadline));
  }

  private static boolean sameAddress(String reached, InetAddress target) {
    try {
      return InetAddress.getByName(reached).equals(target);
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static String pathAndQuery(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  public void close() {
    http.close();
  }
}
