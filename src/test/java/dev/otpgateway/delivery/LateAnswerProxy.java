package dev.otpgateway.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

/**
 * Stands between the gateway and the simulator, passing every call straight through, except that
 * answers to message sends can be held back: the provider takes the message at once but answers
 * late, as an overloaded front end or a slow network does. The simulator's own {@code latency_ms}
 * delays taking the message too, so it cannot stage this.
 */
final class LateAnswerProxy {
  private final Vertx vertx;
  private final int upstreamPort;
  private final String sendPath;
  private final HttpClient client;
  private volatile long holdMs;
  private HttpServer server;

  /**
   * @param sendPath the path whose POST answers are held, e.g. {@code /messagebird/messages}
   */
  LateAnswerProxy(Vertx vertx, int upstreamPort, String sendPath) {
    this.vertx = vertx;
    this.upstreamPort = upstreamPort;
    this.sendPath = sendPath;
    this.client = vertx.createHttpClient();
  }

  Future<Integer> listen() {
    return vertx
        .createHttpServer()
        .requestHandler(this::forward)
        .listen(0, "127.0.0.1")
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  /** Holds each later send's answer this long after the provider gave it; 0 passes it at once. */
  void holdSendAnswers(long ms) {
    holdMs = ms;
  }

  private void forward(HttpServerRequest in) {
    long hold = "POST".equals(in.method().name()) && in.path().equals(sendPath) ? holdMs : 0;
    in.body()
        .compose(
            body ->
                client
                    .request(
                        new RequestOptions()
                            .setMethod(in.method())
                            .setHost("127.0.0.1")
                            .setPort(upstreamPort)
                            .setURI(in.uri()))
                    .compose(
                        out -> {
                          out.headers().setAll(in.headers());
                          out.headers().remove("Host");
                          return out.send(body);
                        }))
        .compose(response -> response.body().map(b -> new Answer(response, b)))
        .onSuccess(
            answer -> {
              if (hold > 0) {
                vertx.setTimer(hold, t -> reply(in, answer));
              } else {
                reply(in, answer);
              }
            })
        .onFailure(e -> in.response().setStatusCode(502).end());
  }

  private static void reply(HttpServerRequest in, Answer answer) {
    if (in.response().closed()) {
      return;
    }
    in.response().setStatusCode(answer.response.statusCode());
    answer
        .response
        .headers()
        .forEach(
            h -> {
              String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
              if (!name.equals("content-length")
                  && !name.equals("transfer-encoding")
                  && !name.equals("connection")) {
                in.response().putHeader(h.getKey(), h.getValue());
              }
            });
    in.response().end(answer.body);
  }

  Future<Void> close() {
    client.close();
    return server == null ? Future.succeededFuture() : server.close();
  }

  private record Answer(HttpClientResponse response, Buffer body) {}
}
