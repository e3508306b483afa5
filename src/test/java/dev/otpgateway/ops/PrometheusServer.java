package dev.otpgateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's {@code prometheus}) on a free loopback port with its own temporary
 * storage, scraping gateways with the shipped prometheus.yml and rule files: only the targets and
 * the intervals differ. Stopped through its own process handle.
 */
final class PrometheusServer implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Path dir;
  private final String base;
  final Duration scrapeInterval;
  final Instant started = Instant.now();

  private PrometheusServer(Process process, Path dir, int port, Duration scrapeInterval) {
    this.process = process;
    this.dir = dir;
    this.base = "http://127.0.0.1:" + port;
    this.scrapeInterval = scrapeInterval;
  }

  /** Starts it scraping {@code targets} (host:port) every {@code interval}; waits till ready. */
  static PrometheusServer start(Path binary, List<String> targets, Duration interval) {
    Path dir = TestGateway.tempDir();
    int port = Ports.free();
    Path config = dir.resolve("prometheus.yml");
    try {
      Files.writeString(config, PrometheusFiles.YAML.writeValueAsString(config(targets, interval)));
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      PrometheusServer server = new PrometheusServer(process, dir, port, interval);
      Await.until(
          "Prometheus ready on port " + port,
          Duration.ofSeconds(30),
          () -> {
            if (!process.isAlive()) {
              throw new AssertionError("Prometheus stopped:\n" + server.log());
            }
            return server.ready() ? true : null;
          });
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped configuration, pointed at these targets, with absolute rule file paths. */
  private static JsonNode config(List<String> targets, Duration interval) {
    ObjectNode config = (ObjectNode) PrometheusFiles.config();
    String seconds = interval.toSeconds() + "s";
    ((ObjectNode) config.path("global"))
        .put("scrape_interval", seconds)
        .put("evaluation_interval", seconds);
    ArrayNode rules = config.putArray("rule_files");
    PrometheusFiles.ruleFiles().forEach(f -> rules.add(f.toAbsolutePath().toString()));
    for (JsonNode job : config.path("scrape_configs")) {
      for (JsonNode group : job.path("static_configs")) {
        ArrayNode list = ((ObjectNode) group).putArray("targets");
        targets.forEach(list::add);
      }
    }
    return config;
  }

  private boolean ready() {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(base + "/-/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** GET on the HTTP API; answers the whole JSON answer, successful or not. */
  JsonObject api(String pathAndQuery) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new JsonObject(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * An instant query at {@code time} (null: now): {@code status}, {@code data.result} or {@code
   * error}.
   */
  JsonObject query(String expr, Instant time) {
    return api(
        "/api/v1/query?query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8)
            + (time == null ? "" : "&time=" + time.toEpochMilli() / 1000.0));
  }

  String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // A leftover temporary directory is no reason to fail the test.
    }
  }
}
