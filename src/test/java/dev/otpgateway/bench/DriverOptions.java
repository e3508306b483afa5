package dev.otpgateway.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load driver's command line, validated: a bad value stops the driver before it sends anything,
 * naming the option, the value and what was expected.
 *
 * @param mode open loop (fixed schedule) or closed loop (saturation)
 * @param rate starts per second, open loop only (0 in closed loop)
 * @param connections the HTTP/1.1 keep-alive pool size; in closed loop also the concurrency
 * @param durationSeconds measured seconds
 * @param warmupSeconds seconds sent before measuring, not counted
 * @param baseUrl the gateway, e.g. http://127.0.0.1:8080
 * @param adminKey admin key to create the bench tenant with (null when a tenant key is given)
 * @param tenantKey an existing tenant's key to send with instead (null: create a tenant)
 * @param tenantId the id of the tenant to create (null: {@code bench-<time>})
 * @param gatewayPid the gateway's process id, for its RSS and CPU (0: not sampled)
 * @param simulatorPid the provider simulator's process id when it runs apart, for its CPU: what a
 *     start costs the box besides the gateway (0: not sampled)
 * @param maxInFlight open loop: a send due while this many are unanswered is not issued, and
 *     counted as an error
 * @param tickMicros open loop: the pacer wakes at most once per tick and sends what fell due
 * @param timeoutMs a request with no answer after this long fails as a timeout
 * @param areaCodes US area codes of the destination numbers
 * @param jsonOut a file to write the final JSON line to as well (null: stdout only)
 */
public record DriverOptions(
    Mode mode,
    int rate,
    int connections,
    int durationSeconds,
    int warmupSeconds,
    String baseUrl,
    String adminKey,
    String tenantKey,
    String tenantId,
    long gatewayPid,
    long simulatorPid,
    int maxInFlight,
    int tickMicros,
    int timeoutMs,
    List<Integer> areaCodes,
    Path jsonOut) {

  /** How requests are paced. */
  public enum Mode {
    OPEN,
    CLOSED
  }

  static final String USAGE =
      """
      usage: LoadDriver --mode open --rate R | --mode closed [--connections C]  [options]
        --mode open|closed      open: R starts/s on a fixed schedule, latency from the intended send
                                time; closed: C connections each send when the previous answered
        --rate R                starts per second (open loop)
        --connections C         keep-alive connection pool size, and closed-loop concurrency (128)
        --duration S            measured seconds (30)
        --warmup S              seconds sent first and not counted (10)
        --url URL               the gateway (http://127.0.0.1:8080)
        --admin-key KEY         admin key to create the bench tenant (default: $OTPGW_ADMIN_KEY)
        --tenant-key KEY        send as this existing tenant instead of creating one
        --tenant-id ID          id of the tenant to create (bench-<time>)
        --gateway-pid PID       sample the gateway's RSS and CPU from /proc/PID
        --simulator-pid PID     sample the simulator's CPU from /proc/PID (when it runs apart)
        --max-in-flight N       open loop: sends due while N are unanswered are errors (1024)
        --tick-us US            open loop: send what fell due once per tick; 0: wake for each (1000)
        --timeout-ms MS         a request unanswered this long is a timeout (5000)
        --area-codes A,B,...    US area codes of the +1 AAA 555 XXXX numbers (48 built in)
        --json-out FILE         also write the final JSON line to FILE
        --check                 only check these options, then exit (0 when they are fine)
      """;

  private static final Set<String> KNOWN =
      Set.of(
          "mode",
          "rate",
          "connections",
          "duration",
          "warmup",
          "url",
          "admin-key",
          "tenant-key",
          "tenant-id",
          "gateway-pid",
          "simulator-pid",
          "max-in-flight",
          "tick-us",
          "timeout-ms",
          "area-codes",
          "json-out");

  /**
   * Reads {@code --name value} or {@code --name=value} arguments; {@code OTPGW_ADMIN_KEY} in {@code
   * env} stands in for {@code --admin-key}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static DriverOptions parse(String[] args, Map<String, String> env) {
    Map<String, String> given = pairs(args);
    Mode mode =
        switch (given.getOrDefault("mode", "closed")) {
          case "open" -> Mode.OPEN;
          case "closed" -> Mode.CLOSED;
          default ->
              throw new IllegalArgumentException(
                  "--mode must be open or closed, but was " + given.get("mode"));
        };
    int rate = integer(given, "rate", 0, mode == Mode.OPEN ? 1 : 0, 1_000_000);
    if (mode == Mode.OPEN && !given.containsKey("rate")) {
      throw new IllegalArgumentException("--mode open needs --rate (starts per second)");
    }
    if (mode == Mode.CLOSED && given.containsKey("rate")) {
      throw new IllegalArgumentException("--rate is for --mode open; closed loop has no rate");
    }
    String tenantKey = given.get("tenant-key");
    String adminKey = given.getOrDefault("admin-key", env.get("OTPGW_ADMIN_KEY"));
    if (tenantKey == null && (adminKey == null || adminKey.isBlank())) {
      throw new IllegalArgumentException(
          "an admin key is needed to create the bench tenant: --admin-key or OTPGW_ADMIN_KEY"
              + " (or --tenant-key to use an existing tenant)");
    }
    String url = given.getOrDefault("url", "http://127.0.0.1:8080");
    if (!url.startsWith("http://")) {
      throw new IllegalArgumentException("--url must be an http:// URL, but was " + url);
    }
    return new DriverOptions(
        mode,
        rate,
        integer(given, "connections", 128, 1, 4096),
        integer(given, "duration", 30, 1, 3600),
        integer(given, "warmup", 10, 0, 600),
        url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
        tenantKey == null ? adminKey : null,
        tenantKey,
        given.get("tenant-id"),
        integer(given, "gateway-pid", 0, 1, Integer.MAX_VALUE),
        integer(given, "simulator-pid", 0, 1, Integer.MAX_VALUE),
        integer(given, "max-in-flight", 1024, 1, 1_000_000),
        integer(given, "tick-us", 1000, 0, 100_000),
        integer(given, "timeout-ms", 5000, 1, 600_000),
        areaCodes(given.get("area-codes")),
        given.containsKey("json-out") ? Path.of(given.get("json-out")) : null);
  }

  private static Map<String, String> pairs(String[] args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("expected an option such as --mode, but got " + arg);
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg.substring(2);
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        value = args[++i];
      }
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      given.put(name, value);
    }
    return given;
  }

  /** The option's value as an int in [min, max], or the default when absent. */
  private static int integer(Map<String, String> given, String name, int absent, int min, int max) {
    String text = given.get(name);
    if (text == null) {
      return absent;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    throw new IllegalArgumentException(
        "--" + name + " must be a whole number from " + min + " to " + max + ", but was " + text);
  }

  private static List<Integer> areaCodes(String text) {
    if (text == null) {
      return NumberPool.DEFAULT_AREA_CODES;
    }
    List<Integer> codes = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        codes.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--area-codes must be comma-separated 3-digit codes, but holds " + part);
      }
    }
    if (codes.stream().distinct().count() != codes.size()) {
      throw new IllegalArgumentException("--area-codes holds a code twice: " + text);
    }
    return List.copyOf(codes);
  }

  /** When the driver gives up waiting for the run to end: it is always bounded. */
  long deadlineSeconds() {
    return warmupSeconds + durationSeconds + timeoutMs / 1000 + 30;
  }
}
