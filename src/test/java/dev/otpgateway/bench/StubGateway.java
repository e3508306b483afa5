package dev.otpgateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers the few routes the load driver calls, instantly and with canned bodies of the real sizes:
 * a stand-in gateway to measure the driver itself (how many starts a second it can send on this
 * box, and at what CPU) apart from the gateway. {@code bench/load --stub} runs the driver against
 * it. Usage: {@code StubGateway PORT}.
 */
public final class StubGateway {
  // An answer of the size and shape of a real 201 from POST /v1/verifications.
  static final Buffer STARTED =
      Buffer.buffer(
          """
          {"id":"ver_akun4wdbs4ajjy4v6imiqk7dtu","status":"sent","to":"+1201555****","channel":"sms",\
          "provider":"messagebird","created_at":"2026-01-01T00:00:00.000Z","expires_at":\
          "2026-01-01T00:05:00.000Z","attempts_left":5,"attempts":[{"provider":"messagebird",\
          "channel":"sms","trigger":"initial","outcome":"accepted","delivery":"pending","at":\
          "2026-01-01T00:00:00.100Z"}],"route":{"rules_version":"sha256:3189d20046144b506c5805bbc5\
          c57ac45d8324dd6833bdc5180fdd8dacc479f4","region":"us","reason":"messagebird: lowest score \
          in us (cost 0.0070, latency 5000 ms)"}}""");
  private static final Buffer TENANT =
      Buffer.buffer("{\"id\":\"bench\",\"api_key\":\"otpk_stub\"}");

  private StubGateway() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    vertx
        .createHttpServer()
        .requestHandler(StubGateway::answer)
        .listen(port, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .join();
    System.out.println("stub gateway on http://127.0.0.1:" + port);
  }

  /** This JVM's used heap, in the gateway's metric. */
  private static String metrics() {
    Runtime jvm = Runtime.getRuntime();
    return "# TYPE jvm_memory_used_bytes gauge\njvm_memory_used_bytes{area=\"heap\"} "
        + (jvm.totalMemory() - jvm.freeMemory())
        + "\n";
  }

  private static void answer(HttpServerRequest request) {
    // The body must be read before answering, as the real gateway does.
    request
        .body()
        .onSuccess(
            body -> {
              if (request.path().equals("/v1/verifications")) {
                request
                    .response()
                    .setStatusCode(201)
                    .putHeader("Content-Type", "application/json")
                    .end(STARTED);
              } else {
                answerOther(request, request.path());
              }
            });
  }

  /** Every route the driver calls but the start, for this stand-in and {@link RelayGateway}. */
  static void answerOther(HttpServerRequest request, String path) {
    var response = request.response().putHeader("Content-Type", "application/json");
    switch (path) {
      case "/v1/admin/tenants" -> response.setStatusCode(201).end(TENANT);
      case "/metrics" -> response.setStatusCode(200).end(metrics());
      case "/health/ready" -> response.setStatusCode(200).end("{\"status\":\"ready\"}");
      default -> response.setStatusCode(404).end();
    }
  }
}
