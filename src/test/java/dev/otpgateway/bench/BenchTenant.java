package dev.otpgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Sets the gateway up for a run through its admin API: a tenant of its own per run (so no number
 * carries a live code or an hourly count over from an earlier run), allowed the US, with its limits
 * raised out of the way: 100,000 starts a second, 1,000 per number an hour. Its fraud guard records
 * what it would block and blocks nothing: a flood of unconverted codes over a few ranges is exactly
 * what it looks for, and a benchmark still pays for every decision (and for recording the flagged
 * ones).
 */
final class BenchTenant {
  static final int REQUESTS_PER_SECOND = 100_000;
  static final int PER_DESTINATION_PER_HOUR = 1_000;
  private static final long SETUP_TIMEOUT_SECONDS = 30;

  private BenchTenant() {}

  /** Fails unless the gateway answers {@code /health/ready} with 200. */
  static void awaitReady(HttpClient client, String baseUrl) {
    Answer answer = call(client, HttpMethod.GET, baseUrl + "/health/ready", null, null);
    if (answer.status() != 200) {
      throw new IllegalStateException(
          "the gateway at " + baseUrl + " is not ready: " + answer.status() + " " + answer.body());
    }
  }

  /** Creates the tenant and answers its API key (shown only in this answer). */
  static String create(HttpClient client, String baseUrl, String adminKey, String tenantId) {
    JsonObject body =
        new JsonObject()
            .put("id", tenantId)
            .put("name", "load driver")
            .put("allowed_countries", new JsonArray().add("US"))
            .put(
                "limits",
                new JsonObject()
                    .put("requests_per_second", REQUESTS_PER_SECOND)
                    .put("per_destination_per_hour", PER_DESTINATION_PER_HOUR))
            .put("fraud", new JsonObject().put("mode", "record_only"));
    Answer answer =
        call(client, HttpMethod.POST, baseUrl + "/v1/admin/tenants", adminKey, body.toBuffer());
    if (answer.status() != 201) {
      throw new IllegalStateException(
          "creating tenant " + tenantId + " answered " + answer.status() + ": " + answer.body());
    }
    return new JsonObject(answer.body()).getString("api_key");
  }

  /** A tenant id no earlier run used: {@code bench-} and the time in base 36. */
  static String freshId() {
    return "bench-" + Long.toString(System.currentTimeMillis(), 36);
  }

  private record Answer(int status, String body) {}

  /** One request, waited for on the calling (main) thread: set-up is not on the hot path. */
  private static Answer call(
      HttpClient client, HttpMethod method, String url, String bearer, Buffer body) {
    URI uri = URI.create(url);
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost(uri.getHost())
            .setPort(uri.getPort() < 0 ? 80 : uri.getPort())
            .setURI(uri.getRawPath())
            .setIdleTimeout(TimeUnit.SECONDS.toMillis(SETUP_TIMEOUT_SECONDS));
    if (bearer != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
    }
    if (body != null) {
      options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    Future<Answer> answer =
        client
            .request(options)
            .compose(req -> body == null ? req.send() : req.send(body))
            .compose(
                response ->
                    response.body().map(b -> new Answer(response.statusCode(), b.toString())));
    try {
      return answer
          .toCompletionStage()
          .toCompletableFuture()
          .get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          method + " " + url + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(method + " " + url + " got no answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during set-up", e);
    }
  }
}
