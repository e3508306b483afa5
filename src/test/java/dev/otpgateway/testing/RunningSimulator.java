package dev.otpgateway.testing;

import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.providers.simulator.SimulatedApi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.List;

/**
 * The provider simulator on its own port on 127.0.0.1, with the receiver its receipts go to and a
 * client to call it, for tests that talk to it over real HTTP. Close it when done.
 */
public final class RunningSimulator implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final ReceiptCatcher receipts = ReceiptCatcher.start(vertx);
  private final ProviderSimulator simulator;
  private final WebClient client = WebClient.create(vertx);
  private final int port;

  private RunningSimulator(List<SimulatedApi> apis) {
    this.simulator = new ProviderSimulator(vertx, Clock.systemUTC(), receipts.baseUrl(), apis);
    this.port = Await.result(simulator.listen("127.0.0.1", 0));
  }

  public static RunningSimulator start(SimulatedApi... apis) {
    return new RunningSimulator(List.of(apis));
  }

  public ProviderSimulator simulator() {
    return simulator;
  }

  /** Where the simulated providers' receipts arrive. */
  public ReceiptCatcher receipts() {
    return receipts;
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return port;
  }

  public HttpResponse<Buffer> get(String pathAndQuery) {
    return Await.result(client.get(port, "127.0.0.1", pathAndQuery).send());
  }

  public HttpResponse<Buffer> postJson(String path, String json) {
    return Await.result(
        client
            .post(port, "127.0.0.1", path)
            .putHeader("content-type", "application/json")
            .sendBuffer(Buffer.buffer(json)));
  }

  public HttpResponse<Buffer> delete(String path) {
    return Await.result(client.delete(port, "127.0.0.1", path).send());
  }

  @Override
  public void close() {
    Await.result(simulator.close());
    Await.result(vertx.close());
  }
}
