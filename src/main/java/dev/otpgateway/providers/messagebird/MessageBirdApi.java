package dev.otpgateway.providers.messagebird;

import dev.otpgateway.providers.FailureClassifier;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.ProviderException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One pooled WebClient to MessageBird's REST API, and the time budget of each call.
 *
 * <p>A call's timeout is split: the first quarter for getting a connection (waiting for the pool,
 * TCP connect, TLS handshake), the rest for the answer once the request is on its way. A failure in
 * the first part means nothing was written, so it is retryable; a response timeout is ambiguous.
 * Both of Vert.x's timeouts fail with the same {@link TimeoutException}, but they can't be
 * confused: the connection timeout fires a quarter of the way in, the response timeout no earlier
 * than three quarters, so the time elapsed tells them apart.
 *
 * <p>Headers per developers.messagebird.com/api/sms-messaging ("Authorization: AccessKey
 * {accessKey}", "Accept: application/json", both required); messagebird/go-rest-api {@code
 * client.go} sends the same {@code Authorization}.
 */
final class MessageBirdApi {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final WebClient client;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String basePath;
  private final CharSequence authorization;
  private final long timeoutMs;
  private final long connectBudgetMs;
  private final long responseBudgetMs;

  MessageBirdApi(Vertx vertx, MessageBirdSettings settings) {
    URI base = URI.create(settings.baseUrl());
    this.ssl = "https".equals(base.getScheme());
    this.host = base.getHost();
    this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
    this.basePath = base.getRawPath() == null ? "" : base.getRawPath();
    this.authorization = HttpHeaders.createOptimized("AccessKey " + settings.accessKey());
    this.timeoutMs = settings.timeout().toMillis();
    this.connectBudgetMs = Math.max(1, timeoutMs / 4);
    this.responseBudgetMs = timeoutMs - connectBudgetMs;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setSsl(ssl)
                .setConnectTimeout((int) connectBudgetMs)
                .setSslHandshakeTimeout(connectBudgetMs)
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setKeepAlive(true)
                .setUserAgent("otp-gateway")
                .setFollowRedirects(false),
            new PoolOptions().setHttp1MaxSize(settings.maxConnections()));
  }

  /** {@code POST <base><path>} with a JSON body. */
  Future<HttpResponse<Buffer>> post(String path, Buffer json) {
    HttpRequest<Buffer> request = request(HttpMethod.POST, path);
    request.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    return call(request, json);
  }

  /** {@code GET <base><pathAndQuery>}; the query must be encoded already. */
  Future<HttpResponse<Buffer>> get(String pathAndQuery) {
    return call(request(HttpMethod.GET, pathAndQuery), null);
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client
        .request(method, port, host, basePath + path)
        .ssl(ssl)
        .connectTimeout(connectBudgetMs)
        .idleTimeout(responseBudgetMs)
        .putHeader(HttpHeaders.AUTHORIZATION, authorization)
        .putHeader(HttpHeaders.ACCEPT, JSON);
  }

  private Future<HttpResponse<Buffer>> call(HttpRequest<Buffer> request, Buffer body) {
    long started = System.nanoTime();
    Future<HttpResponse<Buffer>> answer = body == null ? request.send() : request.sendBuffer(body);
    return answer.recover(failure -> Future.failedFuture(classify(failure, started)));
  }

  /** A call that produced no response. */
  ProviderException classify(Throwable failure, long startedNanos) {
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    if (failure instanceof TimeoutException && elapsedMs < timeoutMs / 2) {
      return new ProviderException(
          MessageBirdProvider.NAME,
          FailureKind.RETRYABLE,
          0,
          "connect_timeout",
          "no connection within " + connectBudgetMs + " ms; nothing was sent");
    }
    if (failure instanceof ConnectionPoolTooBusyException) {
      return new ProviderException(
          MessageBirdProvider.NAME,
          FailureKind.RETRYABLE,
          0,
          "pool_busy",
          "every connection to MessageBird is busy; nothing was sent");
    }
    return FailureClassifier.fromThrowable(MessageBirdProvider.NAME, failure);
  }

  void close() {
    client.close();
  }
}
