package dev.otpgateway.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * The gateway's memory, sampled once a second: RSS from {@code /proc/PID/status} (when the pid is
 * known) and used heap from its {@code /metrics} ({@code jvm_memory_used_bytes{area="heap"}},
 * summed), keeping the latest and the highest seen. The metrics are fetched over their own client
 * and connection, so they never wait behind the load.
 */
final class GatewaySampler {
  private static final String HEAP_METRIC = "jvm_memory_used_bytes{";
  private static final String HEAP_LABEL = "area=\"heap\"";

  private final HttpClient client;
  private final RequestOptions metrics;
  private final long pid;

  private boolean fetching;
  private long heapBytes = -1;
  private long maxHeapBytes = -1;
  private long rssBytes = -1;
  private long maxRssBytes = -1;
  private long failedFetches;

  GatewaySampler(HttpClient client, String baseUrl, long pid) {
    this.client = client;
    URI base = URI.create(baseUrl);
    this.metrics =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(base.getHost())
            .setPort(base.getPort() < 0 ? 80 : base.getPort())
            .setURI("/metrics")
            .setIdleTimeout(2000);
    this.pid = pid;
  }

  /** Takes a sample: RSS now, heap when the metrics arrive (a slow fetch skips a second). */
  void sample() {
    if (pid > 0) {
      rssBytes = ProcFiles.residentBytes(pid);
      maxRssBytes = Math.max(maxRssBytes, rssBytes);
    }
    if (fetching) {
      return;
    }
    fetching = true;
    client
        .request(metrics)
        .compose(req -> req.send())
        .compose(response -> response.body())
        .onComplete(
            body -> {
              fetching = false;
              long heap = body.succeeded() ? usedHeap(body.result()) : -1;
              if (heap < 0) {
                failedFetches++;
                return;
              }
              heapBytes = heap;
              maxHeapBytes = Math.max(maxHeapBytes, heap);
            });
  }

  /** The sum of the heap's used-bytes samples in Prometheus text, or -1 when there are none. */
  static long usedHeap(Buffer metricsText) {
    double sum = 0;
    boolean found = false;
    for (String line : metricsText.toString().split("\n")) {
      if (line.startsWith(HEAP_METRIC) && line.contains(HEAP_LABEL)) {
        // "name{labels} value [timestamp]"
        String value = line.substring(line.indexOf('}') + 1).trim().split(" ")[0];
        sum += Double.parseDouble(value);
        found = true;
      }
    }
    return found ? (long) sum : -1;
  }

  long pid() {
    return pid;
  }

  long heapBytes() {
    return heapBytes;
  }

  long maxHeapBytes() {
    return maxHeapBytes;
  }

  long rssBytes() {
    return rssBytes;
  }

  long maxRssBytes() {
    return maxRssBytes;
  }

  long failedFetches() {
    return failedFetches;
  }
}
