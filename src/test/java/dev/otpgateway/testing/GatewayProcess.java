package dev.otpgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway jar as its own process, as an operator runs it: for tests of what only a real process
 * shows (a {@code kill -9}, a SIGTERM). Its output goes to a log file in a directory of its own.
 */
public final class GatewayProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final String name;

  private GatewayProcess(Process process, Path log, String name) {
    this.process = process;
    this.log = log;
    this.name = name;
  }

  /**
   * Starts {@code java -jar target/otp-gateway.jar ARGS} with these variables (and a small heap).
   *
   * @param readyUrl polled until it answers 200, or null to wait for nothing
   */
  public static GatewayProcess start(
      String name, Map<String, String> env, List<String> args, String readyUrl) {
    try {
      Path dir = TestGateway.tempDir();
      Path log = dir.resolve(name + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-XX:TieredStopAtLevel=1"); // these processes live seconds: start fast
      command.add("-jar");
      command.add("target/otp-gateway.jar");
      command.addAll(args);
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      GatewayProcess p = new GatewayProcess(builder.start(), log, name);
      if (readyUrl != null) {
        p.awaitReady(readyUrl);
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(String url) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited before it was ready:\n" + log());
      }
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    throw new AssertionError(name + " was not ready in 90 s:\n" + log());
  }

  /** {@code kill -9}: no shutdown hook runs, nothing is flushed. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM: the shutdown hook stops the gateway as an operator's stop would. */
  public void terminate() {
    signalTerminate();
    waitFor();
  }

  /** SIGTERM, without waiting for the process to exit. */
  public void signalTerminate() {
    process.destroy();
  }

  /** Waits for the process to exit (60 s at most) and returns its exit code. */
  public int exitCode() {
    waitFor();
    return process.exitValue();
  }

  private void waitFor() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(name + " did not stop within 60 s:\n" + log());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** What the process printed and logged. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      waitFor();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
