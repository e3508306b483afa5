package dev.otpgateway.providers.messagebird;

import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.providers.ReceiptVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;

/**
 * MessageBird's SMS API ({@code POST /messages}, {@code AccessKey} auth) through one pooled Vert.x
 * WebClient. Not MessageBird's Java SDK: it has no timeouts and opens a connection per message.
 *
 * <p>Our reference travels as MessageBird's {@code reference}, which its status reports echo, and
 * the message's callback URL as its per-message {@code reportUrl}.
 */
public final class MessageBirdProvider implements Provider {
  /** The name routing rules and the simulator use. */
  public static final String NAME = "messagebird";

  private final MessageBirdApi api;
  private final MessageLookup lookup;
  private final MessageBirdReceipts receipts;

  public MessageBirdProvider(Vertx vertx, MessageBirdSettings settings) {
    this(vertx, settings, Clock.systemUTC());
  }

  /**
   * @param clock reads the time for receipt signatures and look-up windows
   */
  public MessageBirdProvider(Vertx vertx, MessageBirdSettings settings, Clock clock) {
    this.api = new MessageBirdApi(vertx, settings);
    this.lookup = new MessageLookup(api, clock);
    this.receipts = new MessageBirdReceipts(settings.signingKey(), clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Accepted> send(OutboundMessage message) {
    if (message.sender() == null || message.sender().isBlank()) {
      // MessageBird requires an originator; the rules gave none for this provider and region.
      return Future.failedFuture(
          new ProviderException(
              NAME, FailureKind.RETRYABLE, 0, "no_sender", "no sender id for MessageBird"));
    }
    return api.post("/messages", MessageBirdJson.sendRequest(message))
        .compose(MessageBirdProvider::accepted);
  }

  private static Future<Accepted> accepted(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      return Future.failedFuture(MessageBirdErrors.classify(status, response.body()));
    }
    Accepted accepted = MessageBirdJson.readAccepted(response.body());
    if (accepted == null) {
      // It said yes but not to what: the message may be out, so look before resending.
      return Future.failedFuture(
          new ProviderException(
              NAME,
              FailureKind.AMBIGUOUS,
              status,
              "unreadable_answer",
              "HTTP " + status + " without a message id"));
    }
    return Future.succeededFuture(accepted);
  }

  @Override
  public Future<Accepted> lookup(OutboundMessage message) {
    return lookup.find(message);
  }

  @Override
  public boolean probes() {
    return true;
  }

  /** One message of the listing ({@code GET /messages?limit=1}): read-only, free. */
  @Override
  public Future<Void> probe() {
    return api.get("/messages?limit=1")
        .compose(
            response ->
                response.statusCode() == 200
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        MessageBirdErrors.classify(response.statusCode(), response.body())));
  }

  @Override
  public ReceiptVerifier receipts() {
    return receipts;
  }

  /** Closes the connection pool. */
  public void close() {
    api.close();
  }
}
