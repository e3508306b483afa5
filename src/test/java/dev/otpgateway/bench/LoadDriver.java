package dev.otpgateway.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Load driver for {@code POST /v1/verifications}: a standalone program, run in its own JVM beside
 * the gateway (see {@code bench/load}), that creates a bench tenant through the admin API, sends
 * starts to many distinct valid US numbers for a warm-up and a measured window, prints a line a
 * second and a summary with one JSON line at the end, and exits on its own.
 *
 * <p>It runs on one Vert.x event loop: the driver shares a small machine with the gateway, so it
 * uses one thread for its I/O (plus the open loop's pacer), and everything it counts is touched by
 * that thread only, without locks.
 *
 * <p>Exit status: 0 after a run, 1 when set-up failed, 2 for a bad command line, 3 when the run
 * didn't end in time. {@code --check} only validates the command line.
 */
public final class LoadDriver {
  private static final long FIRST_SEND_DELAY_MS = 200;
  private static final long DRAIN_POLL_MS = 10;

  private final DriverOptions options;

  private LoadDriver(DriverOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    List<String> given = new ArrayList<>(List.of(args));
    if (given.contains("--help") || given.contains("-h")) {
      System.out.print(DriverOptions.USAGE);
      return;
    }
    // --check: only validate the options (bench/load does, before it starts a gateway).
    boolean checkOnly = given.remove("--check");
    DriverOptions options;
    try {
      options = DriverOptions.parse(given.toArray(String[]::new), System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("load driver: " + e.getMessage());
      System.err.print(DriverOptions.USAGE);
      System.exit(2);
      return;
    }
    if (!checkOnly) {
      System.exit(new LoadDriver(options).run());
    }
  }

  private int run() {
    long checking = System.nanoTime();
    NumberPool numbers = NumberPool.of(options.areaCodes());
    System.out.printf(
        "numbers: %,d distinct +1 AAA 555 XXXX under %d area codes, each a valid mobile number to"
            + " libphonenumber (checked in %d ms)%n",
        numbers.size(),
        options.areaCodes().size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - checking));
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    try {
      HttpClient load =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setKeepAlive(true)
                  .setTcpNoDelay(true)
                  .setConnectTimeout(options.timeoutMs()),
              new PoolOptions().setHttp1MaxSize(options.connections()));
      HttpClient side = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(2));
      String tenantId;
      String tenantKey;
      try {
        BenchTenant.awaitReady(side, options.baseUrl());
        tenantId = options.tenantKey() != null ? null : tenantId();
        tenantKey =
            options.tenantKey() != null
                ? options.tenantKey()
                : BenchTenant.create(side, options.baseUrl(), options.adminKey(), tenantId);
      } catch (IllegalStateException e) {
        System.err.println("load driver: set-up failed: " + e.getMessage());
        return 1;
      }
      System.out.printf(
          "tenant %s; %s against %s%n",
          tenantId == null ? "(given key)" : tenantId, mode(), options.baseUrl());
      return measure(vertx, load, side, numbers, tenantId, tenantKey);
    } finally {
      close(vertx);
    }
  }

  private static void close(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // exiting anyway: a slow close only delays that
    }
  }

  private String tenantId() {
    return options.tenantId() != null ? options.tenantId() : BenchTenant.freshId();
  }

  private String mode() {
    return options.mode() == DriverOptions.Mode.OPEN
        ? "open loop at " + options.rate() + "/s"
        : "closed loop over " + options.connections() + " connections";
  }

  private int measure(
      Vertx vertx,
      HttpClient load,
      HttpClient side,
      NumberPool numbers,
      String tenantId,
      String tenantKey) {
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIRST_SEND_DELAY_MS);
    long measureFrom = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
    long until = measureFrom + TimeUnit.SECONDS.toNanos(options.durationSeconds());
    Recorder recorder = new Recorder(measureFrom, until);
    StartSender sender =
        new StartSender(load, options.baseUrl(), tenantKey, options.timeoutMs(), numbers, recorder);
    GatewaySampler gateway = new GatewaySampler(side, options.baseUrl(), options.gatewayPid());
    ResourceMeter resources = new ResourceMeter(options.gatewayPid(), options.simulatorPid());
    CompletableFuture<Summary> finished = new CompletableFuture<>();
    Context eventLoop = vertx.getOrCreateContext();

    eventLoop.runOnContext(
        v -> {
          gateway.sample();
          long[] second = {0};
          long ticker =
              vertx.setPeriodic(
                  1000,
                  1000,
                  id -> {
                    second[0]++;
                    long now = System.nanoTime();
                    String phase =
                        now < measureFrom ? "warm-up" : now < until ? "measure" : "drain";
                    System.out.println(
                        ProgressLine.of(
                            second[0], phase, recorder.takeInterval(), sender.inFlight(), gateway));
                    gateway.sample();
                  });
          vertx.setTimer(millisUntil(measureFrom), id -> resources.start());
          vertx.setTimer(millisUntil(until), id -> resources.stop());
          Runnable drain =
              () ->
                  awaitAnswers(
                      vertx,
                      sender,
                      until + TimeUnit.MILLISECONDS.toNanos(options.timeoutMs() + 1000L),
                      () -> {
                        vertx.cancelTimer(ticker);
                        // The last answers can beat the end-of-window timer by a millisecond.
                        resources.stop();
                        // Rendered here, on the thread that records: late answers can't race it.
                        RunReport report =
                            new RunReport(
                                options,
                                tenantId,
                                recorder,
                                gateway,
                                resources,
                                numbers.size(),
                                numbers.repeats(),
                                sender.inFlight());
                        finished.complete(new Summary(report.text(), report.json()));
                      });
          if (options.mode() == DriverOptions.Mode.OPEN) {
            new OpenLoop(
                    eventLoop,
                    sender,
                    recorder,
                    options.rate(),
                    options.maxInFlight(),
                    TimeUnit.MICROSECONDS.toNanos(options.tickMicros()))
                .run(start, until, drain);
          } else {
            vertx.setTimer(
                FIRST_SEND_DELAY_MS,
                id -> new ClosedLoop(sender, options.connections()).run(until, drain));
          }
        });

    Summary summary;
    try {
      summary = finished.get(options.deadlineSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      System.err.println(
          "load driver: the run did not end within " + options.deadlineSeconds() + " s");
      return 3;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    }
    System.out.print(summary.text());
    System.out.println(summary.json());
    if (options.jsonOut() != null) {
      try {
        Files.writeString(options.jsonOut(), summary.json() + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        System.err.println("load driver: could not write " + options.jsonOut() + ": " + e);
      }
    }
    return 0;
  }

  /** The end-of-run report, as text and as one JSON line. */
  private record Summary(String text, String json) {}

  /** Runs {@code then} once every start sent is answered, or at {@code deadline} regardless. */
  private static void awaitAnswers(Vertx vertx, StartSender sender, long deadline, Runnable then) {
    if (sender.inFlight() == 0 || System.nanoTime() >= deadline) {
      then.run();
      return;
    }
    vertx.setTimer(DRAIN_POLL_MS, id -> awaitAnswers(vertx, sender, deadline, then));
  }

  private static long millisUntil(long nanoTime) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanoTime - System.nanoTime()));
  }
}
