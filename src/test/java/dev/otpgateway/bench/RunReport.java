package dev.otpgateway.bench;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * The end-of-run summary, as text for a person and as one JSON line for docs and scripts. Latencies
 * are milliseconds; memory is MiB; CPU is % of one core.
 */
record RunReport(
    DriverOptions options,
    String tenantId,
    Recorder recorder,
    GatewaySampler gateway,
    ResourceMeter resources,
    int numbersInPool,
    long numberRepeats,
    int unanswered) {

  private static final double[] PERCENTILES = {50, 90, 99, 99.9};
  private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p99_9"};

  double acceptedPerSecond() {
    return (double) recorder.accepted() / options.durationSeconds();
  }

  /**
   * A process's CPU (% of one core over the window) per accepted start, in µs; -1 when unknown. The
   * gateway's is the cost figure that compares across rates and with other gateways (bench/kannel).
   */
  private double microsPerAccepted(double cpuPercent) {
    return cpuPercent < 0 || recorder.accepted() == 0
        ? -1
        : cpuPercent * 10_000 / acceptedPerSecond();
  }

  /**
   * The gateway's context switches per accepted start over the measured window; -1 when unknown.
   * Counts the hand-offs between its threads, which CPU time alone hides among the rest.
   */
  double gatewaySwitchesPerAccepted() {
    long switches = resources.gatewaySwitches();
    return switches < 0 || recorder.accepted() == 0 ? -1 : (double) switches / recorder.accepted();
  }

  String text() {
    LatencyHistogram latency = recorder.latency();
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "== %s; %d s measured after %d s warm-up; tenant %s%n",
            describeMode(),
            options.durationSeconds(),
            options.warmupSeconds(),
            tenantId));
    s.append(String.format(Locale.ROOT, "attempted    %,d%n", recorder.attempted()));
    s.append(
        String.format(
            Locale.ROOT,
            "accepted     %,d (201), %,.1f/s%n",
            recorder.accepted(),
            acceptedPerSecond()));
    s.append("latency ms  ");
    for (int i = 0; i < PERCENTILES.length; i++) {
      s.append(
          String.format(
              Locale.ROOT,
              " %s %.2f",
              PERCENTILE_NAMES[i].replace('_', '.'),
              ms(latency.percentile(PERCENTILES[i]))));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "  max %.2f  mean %.2f%s%n",
            ms(latency.max()),
            latency.mean() / 1000,
            options.mode() == DriverOptions.Mode.OPEN
                ? "  (from the intended send time)"
                : "  (from the send)"));
    if (options.mode() == DriverOptions.Mode.OPEN) {
      LatencyHistogram lag = recorder.sendLag();
      s.append(
          String.format(
              Locale.ROOT,
              "send lag ms  p50 %.2f  p99 %.2f  max %.2f  (how late the driver sent: ticks, its"
                  + " own stalls; inside the latency)%n",
              ms(lag.percentile(50)),
              ms(lag.percentile(99)),
              ms(lag.max())));
    }
    s.append("errors       ").append(errorsText()).append(System.lineSeparator());
    recorder
        .firstErrorMessages()
        .forEach(
            (kind, message) ->
                s.append("  first ")
                    .append(kind)
                    .append(": ")
                    .append(message)
                    .append(System.lineSeparator()));
    s.append(
        String.format(
            Locale.ROOT,
            "numbers      %,d distinct in the pool; %,d starts reused a number (resends)%n",
            numbersInPool,
            numberRepeats));
    s.append(
        String.format(
            Locale.ROOT,
            "gateway      RSS %s MiB (max %s), heap used %s MiB (max %s), CPU %s%s%s%n",
            mib(gateway.rssBytes()),
            mib(gateway.maxRssBytes()),
            mib(gateway.heapBytes()),
            mib(gateway.maxHeapBytes()),
            percent(resources.gatewayCpuPercent()),
            perAccepted(resources.gatewayCpuPercent()),
            gatewaySwitchesPerAccepted() < 0
                ? ""
                : String.format(
                    Locale.ROOT,
                    ", %.1f context switches per accepted start",
                    gatewaySwitchesPerAccepted())));
    if (resources.simulatorCpuPercent() >= 0) {
      s.append(
          String.format(
              Locale.ROOT,
              "simulator    CPU %s%s%n",
              percent(resources.simulatorCpuPercent()),
              perAccepted(resources.simulatorCpuPercent())));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "driver       CPU %s%s, GC %d collections %d ms%n",
            percent(resources.driverCpuPercent()),
            perAccepted(resources.driverCpuPercent()),
            resources.driverGcCount(),
            resources.driverGcMillis()));
    return s.toString();
  }

  private String describeMode() {
    return options.mode() == DriverOptions.Mode.OPEN
        ? String.format(
            Locale.ROOT,
            "open loop at %,d/s (pool %d, max in flight %d, tick %d µs)",
            options.rate(),
            options.connections(),
            options.maxInFlight(),
            options.tickMicros())
        : String.format(Locale.ROOT, "closed loop, %d connections", options.connections());
  }

  private String errorsText() {
    Map<String, Long> errors = recorder.errors();
    StringBuilder s = new StringBuilder();
    long total = errors.values().stream().mapToLong(Long::longValue).sum();
    s.append(String.format(Locale.ROOT, "%,d", total));
    errors.forEach((kind, n) -> s.append(String.format(Locale.ROOT, "  %s %,d", kind, n)));
    if (unanswered > 0) {
      s.append(String.format(Locale.ROOT, "  (+%d still unanswered at the end)", unanswered));
    }
    return s.toString();
  }

  /** The same numbers as one line of JSON: built once at the end, so a JsonObject is fine. */
  String json() {
    LatencyHistogram latency = recorder.latency();
    JsonObject latencyMs = new JsonObject();
    for (int i = 0; i < PERCENTILES.length; i++) {
      latencyMs.put(PERCENTILE_NAMES[i], round(ms(latency.percentile(PERCENTILES[i]))));
    }
    latencyMs.put("max", round(ms(latency.max()))).put("mean", round(latency.mean() / 1000));
    JsonObject errors = new JsonObject();
    recorder.errors().forEach(errors::put);
    JsonObject json =
        new JsonObject()
            .put("mode", options.mode().name().toLowerCase(Locale.ROOT))
            .put("rate", options.mode() == DriverOptions.Mode.OPEN ? options.rate() : null)
            .put("connections", options.connections())
            .put("duration_s", options.durationSeconds())
            .put("warmup_s", options.warmupSeconds())
            .put("attempted", recorder.attempted())
            .put("accepted", recorder.accepted())
            .put("accepted_per_s", round(acceptedPerSecond()))
            .put("latency_ms", latencyMs)
            .put("errors", errors)
            .put("unanswered", unanswered);
    if (options.mode() == DriverOptions.Mode.OPEN) {
      LatencyHistogram lag = recorder.sendLag();
      json.put("tick_us", options.tickMicros());
      json.put(
          "send_lag_ms",
          new JsonObject()
              .put("p50", round(ms(lag.percentile(50))))
              .put("p99", round(ms(lag.percentile(99))))
              .put("max", round(ms(lag.max()))));
    }
    return json.put(
            "gateway",
            new JsonObject()
                .put("rss_mib", mibOrNull(gateway.rssBytes()))
                .put("rss_max_mib", mibOrNull(gateway.maxRssBytes()))
                .put("heap_used_mib", mibOrNull(gateway.heapBytes()))
                .put("heap_used_max_mib", mibOrNull(gateway.maxHeapBytes()))
                .put(
                    "cpu_pct",
                    resources.gatewayCpuPercent() < 0 ? null : round(resources.gatewayCpuPercent()))
                .put(
                    "cpu_us_per_accepted",
                    microsOrNull(microsPerAccepted(resources.gatewayCpuPercent())))
                .put(
                    "switches_per_accepted",
                    gatewaySwitchesPerAccepted() < 0 ? null : round(gatewaySwitchesPerAccepted())))
        .put(
            "simulator",
            resources.simulatorCpuPercent() < 0
                ? null
                : new JsonObject()
                    .put("cpu_pct", round(resources.simulatorCpuPercent()))
                    .put(
                        "cpu_us_per_accepted",
                        microsOrNull(microsPerAccepted(resources.simulatorCpuPercent()))))
        .put(
            "driver",
            new JsonObject()
                .put("cpu_pct", round(resources.driverCpuPercent()))
                .put(
                    "cpu_us_per_accepted",
                    microsOrNull(microsPerAccepted(resources.driverCpuPercent())))
                .put("gc_count", resources.driverGcCount())
                .put("gc_ms", resources.driverGcMillis()))
        .put("numbers", new JsonObject().put("pool", numbersInPool).put("repeats", numberRepeats))
        .put("tenant", tenantId)
        .encode();
  }

  static double ms(long micros) {
    return micros / 1000.0;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  static String mib(long bytes) {
    return bytes < 0 ? "n/a" : Long.toString(bytes >> 20);
  }

  private static Long microsOrNull(double micros) {
    return micros < 0 ? null : Math.round(micros);
  }

  /** ", N µs per accepted start" for a process's CPU, or nothing when unknown. */
  private String perAccepted(double cpuPercent) {
    double micros = microsPerAccepted(cpuPercent);
    return micros < 0 ? "" : String.format(Locale.ROOT, ", %,.0f µs per accepted start", micros);
  }

  private static Long mibOrNull(long bytes) {
    return bytes < 0 ? null : bytes >> 20;
  }

  private static String percent(double p) {
    return p < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%% of one core", p);
  }
}
