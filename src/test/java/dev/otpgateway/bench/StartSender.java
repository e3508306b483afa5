package dev.otpgateway.bench;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeoutException;

/**
 * Sends one {@code POST /v1/verifications} and records what came of it. Used by both loops, on the
 * driver's one event-loop thread.
 */
final class StartSender {
  private final HttpClient client;
  private final RequestOptions request;
  private final NumberPool numbers;
  private final Recorder recorder;
  private int inFlight;

  StartSender(
      HttpClient client,
      String baseUrl,
      String tenantKey,
      int timeoutMs,
      NumberPool numbers,
      Recorder recorder) {
    this.client = client;
    this.numbers = numbers;
    this.recorder = recorder;
    URI base = URI.create(baseUrl);
    // One RequestOptions for every request: the client reads it when a request is made and never
    // changes it, so the headers are built once.
    this.request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(base.getHost())
            .setPort(base.getPort() < 0 ? 80 : base.getPort())
            .setURI("/v1/verifications")
            .setIdleTimeout(timeoutMs)
            .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tenantKey)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
  }

  /** Requests sent and not answered yet. */
  int inFlight() {
    return inFlight;
  }

  /**
   * Sends a start that was due at {@code dueNanos}; its latency counts from then. {@code then} runs
   * once it is answered or failed (the closed loop sends the next one).
   */
  void send(long dueNanos, Runnable then) {
    long now = System.nanoTime();
    recorder.issued(dueNanos, now - dueNanos);
    inFlight++;
    client
        .request(request)
        .compose(req -> req.send(StartBody.of(numbers.next())))
        .compose(StartSender::statusOnceRead)
        .onComplete(
            answered -> {
              long latency = System.nanoTime() - dueNanos;
              inFlight--;
              if (answered.succeeded()) {
                recorder.answered(dueNanos, answered.result(), latency);
              } else {
                Throwable failure = answered.cause();
                recorder.failed(dueNanos, kindOf(failure), String.valueOf(failure.getMessage()));
              }
              if (then != null) {
                then.run();
              }
            });
  }

  /** The status, once the body is in: the connection can't carry the next request before. */
  private static io.vertx.core.Future<Integer> statusOnceRead(HttpClientResponse response) {
    int status = response.statusCode();
    return response.end().map(status);
  }

  /** Sorts failures the way a reader of the report wants them: timeouts, connections, the rest. */
  static String kindOf(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return Recorder.TIMEOUT;
    }
    if (failure instanceof ConnectException
        || failure instanceof io.vertx.core.http.HttpClosedException
        || failure instanceof java.io.IOException) {
      return Recorder.CONNECTION;
    }
    return "other_" + failure.getClass().getSimpleName();
  }
}
