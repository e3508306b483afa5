package dev.otpgateway.testing;

import dev.otpgateway.providers.WebhookRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the gateway's webhook endpoint in simulator tests: an HTTP server on 127.0.0.1 that
 * answers 200 to every request and keeps it as the gateway would read it.
 */
public final class ReceiptCatcher {
  private final BlockingQueue<WebhookRequest> received = new LinkedBlockingQueue<>();
  private final HttpServer server;

  private ReceiptCatcher(Vertx vertx) {
    this.server =
        Await.result(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  received.add(read(req, body));
                                  req.response().end();
                                }))
                .listen(0, "127.0.0.1"));
  }

  /** Listens on a free port; the server closes with {@code vertx}. */
  public static ReceiptCatcher start(Vertx vertx) {
    return new ReceiptCatcher(vertx);
  }

  /** {@code http://127.0.0.1:<port>}, with no trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The next request received, or null when none comes within {@code timeout}. */
  public WebhookRequest next(Duration timeout) throws InterruptedException {
    return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A request as the gateway's webhook handler reads it: absolute URL, lower-case headers. */
  public static WebhookRequest read(HttpServerRequest req, Buffer body) {
    return new WebhookRequest(
        req.method().name(), req.absoluteURI(), headers(req), body.getBytes());
  }

  /** The request's headers, names in lower case. */
  public static Map<String, String> headers(HttpServerRequest req) {
    Map<String, String> headers = new HashMap<>();
    req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    return headers;
  }
}
