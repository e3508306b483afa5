package dev.otpgateway.providers.sinch;

import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.FailureClassifier;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.providers.ReceiptVerifier;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends codes through Sinch's SMS REST API ({@code POST /xms/v1/{service_plan_id}/batches}, Bearer
 * token) with one non-blocking {@link WebClient}, and finds them again by our reference through the
 * batch list's {@code client_reference} filter. Receipts are per-recipient delivery reports, posted
 * to the message's {@code callback_url} and signed with the plan's webhook secret.
 */
public final class SinchProvider implements Provider {
  /**
   * Sinch keeps trying at most 3 days after sending ("Default and max is 3 days after send_at").
   */
  static final Duration MAX_VALIDITY = Duration.ofDays(3);

  /** Connections to Sinch: enough for a busy node, where the SDK's fixed pool of 5 is not. */
  static final int MAX_CONNECTIONS = 256;

  private final Vertx vertx;
  private final SinchSettings settings;
  private final Clock clock;
  private final WebClient client;
  private final SinchReceiptVerifier receipts;

  public SinchProvider(Vertx vertx, SinchSettings settings) {
    this(vertx, settings, Clock.systemUTC());
  }

  /**
   * @param clock stamps {@code expire_at} and judges the age of signed callbacks
   */
  public SinchProvider(Vertx vertx, SinchSettings settings, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.clock = clock;
    long timeoutMs = settings.timeout().toMillis();
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                // Shorter than the whole call, so a dead host fails as ConnectException
                // (nothing written: RETRYABLE) before the call's deadline (AMBIGUOUS).
                .setConnectTimeout((int) Math.max(1, timeoutMs / 2))
                .setKeepAlive(true)
                .setUserAgent("otp-gateway")
                .setFollowRedirects(false),
            new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS).setHttp2MaxSize(MAX_CONNECTIONS));
    this.receipts = new SinchReceiptVerifier(settings.webhookSecret(), clock);
  }

  @Override
  public String name() {
    return SinchErrors.PROVIDER;
  }

  @Override
  public Future<Accepted> send(OutboundMessage message) {
    HttpRequest<Buffer> request =
        client.postAbs(settings.batchesUrl()).putHeader("content-type", "application/json");
    return call(request, batchRequest(message), SinchProvider::accepted);
  }

  /**
   * Lists this plan's batches with our reference as {@code client_reference} (sinch-sdk-java
   * ListBatchesQueryParameters: {@code client_reference}; the list covers the last 24 hours by
   * default, far longer than an ambiguous send waits for its lookup).
   */
  @Override
  public Future<Accepted> lookup(OutboundMessage message) {
    HttpRequest<Buffer> request =
        client.getAbs(settings.batchesUrl()).addQueryParam("client_reference", message.reference());
    return call(request, null, SinchProvider::found);
  }

  @Override
  public boolean probes() {
    return true;
  }

  /** The first batch of the listing ({@code GET /batches?page_size=1}): read-only, free. */
  @Override
  public Future<Void> probe() {
    HttpRequest<Buffer> request =
        client.getAbs(settings.batchesUrl()).addQueryParam("page_size", "1");
    return call(request, null, page -> new Accepted("probe", 0)).mapEmpty();
  }

  @Override
  public ReceiptVerifier receipts() {
    return receipts;
  }

  /**
   * The text batch (sinch-sdk-java openapi-contracts .../batches/request/TextRequestDto.json): one
   * recipient, a per-recipient delivery report to our callback URL, our reference, and an expiry so
   * Sinch stops trying once the code is dead.
   */
  JsonObject batchRequest(OutboundMessage message) {
    Duration validity =
        message.validity().compareTo(MAX_VALIDITY) > 0 ? MAX_VALIDITY : message.validity();
    JsonObject batch =
        new JsonObject()
            .put("to", new JsonArray().add(message.to()))
            .put("body", message.body())
            .put("delivery_report", "per_recipient")
            .put("client_reference", message.reference())
            .put(
                "expire_at",
                Instant.now(clock).plus(validity).truncatedTo(ChronoUnit.MILLIS).toString());
    if (message.sender() != null) {
      batch.put("from", message.sender());
    }
    if (message.callbackUrl() != null) {
      batch.put("callback_url", message.callbackUrl());
    }
    return batch;
  }

  /**
   * One bounded call: the promise fails with a timeout at the deadline even if the server keeps the
   * connection open, and the request's idle timeout then frees the connection.
   */
  private Future<Accepted> call(
      HttpRequest<Buffer> request, JsonObject body, Function<JsonObject, Accepted> read) {
    long timeoutMs = settings.timeout().toMillis();
    request.bearerTokenAuthentication(settings.apiToken()).idleTimeout(timeoutMs);
    Promise<Accepted> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            timeoutMs,
            t ->
                promise.tryFail(
                    FailureClassifier.fromThrowable(
                        SinchErrors.PROVIDER,
                        new TimeoutException("no answer within " + timeoutMs + " ms"))));
    Future<HttpResponse<Buffer>> sent =
        body == null ? request.send() : request.sendBuffer(body.toBuffer());
    sent.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          if (ar.failed()) {
            promise.tryFail(FailureClassifier.fromThrowable(SinchErrors.PROVIDER, ar.cause()));
            return;
          }
          HttpResponse<Buffer> response = ar.result();
          // Sinch answers 201 to a send and 200 to a list; any 2xx carries the batch or page.
          if (response.statusCode() / 100 != 2) {
            promise.tryFail(SinchErrors.fromResponse(response.statusCode(), response.body()));
            return;
          }
          try {
            promise.tryComplete(read.apply(response.bodyAsJsonObject()));
          } catch (ProviderException classified) {
            promise.tryFail(classified);
          } catch (RuntimeException unreadable) {
            promise.tryFail(unreadable(response.statusCode()));
          }
        });
    return promise.future();
  }

  private static Accepted accepted(JsonObject batch) {
    String id = batch == null ? null : batch.getString("id");
    if (id == null || id.isBlank()) {
      throw new IllegalStateException("batch without id");
    }
    // The batch says nothing of message parts; segments come from our own count.
    return new Accepted(id, 0);
  }

  private static Accepted found(JsonObject page) {
    JsonArray batches = page == null ? null : page.getJsonArray("batches");
    if (batches != null) {
      for (int i = 0; i < batches.size(); i++) {
        JsonObject batch = batches.getJsonObject(i);
        if (!batch.getBoolean("canceled", false)) {
          return accepted(batch);
        }
      }
    }
    throw new ProviderException(
        SinchErrors.PROVIDER,
        FailureKind.RETRYABLE,
        200,
        "not_found",
        "no batch with this client_reference: safe to send");
  }

  private static ProviderException unreadable(int status) {
    // Sinch answered success but we cannot read it: it may well have taken the message.
    return new ProviderException(
        SinchErrors.PROVIDER,
        FailureKind.AMBIGUOUS,
        status,
        "unreadable_response",
        "HTTP " + status + " with a body that is not a batch");
  }
}
