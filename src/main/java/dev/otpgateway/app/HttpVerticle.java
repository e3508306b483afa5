package dev.otpgateway.app;

import dev.otpgateway.api.HttpApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;

/**
 * One HTTP server instance on one event loop; the gateway deploys one per event loop on the same
 * port, and Vert.x spreads connections across them.
 */
final class HttpVerticle extends VerticleBase {
  private final HttpApi.Parts parts;
  private final String host;
  private final int port;

  HttpVerticle(HttpApi.Parts parts, String host, int port) {
    this.parts = parts;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setMaxInitialLineLength(HttpApi.MAX_REQUEST_LINE)
                .setMaxHeaderSize(HttpApi.MAX_HEADERS)
                .setIdleTimeout(120))
        .invalidRequestHandler(HttpApi::invalidRequest)
        .requestHandler(HttpApi.router(vertx, parts))
        .listen();
  }
}
