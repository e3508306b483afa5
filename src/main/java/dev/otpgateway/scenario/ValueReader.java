package dev.otpgateway.scenario;

import dev.otpgateway.yaml.MappingReader;
import dev.otpgateway.yaml.YamlNode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scenario file's own kinds of value on top of {@link MappingReader}'s: durations ({@code
 * 500ms}, {@code 30s}, {@code 2m}), rates ({@code 16/s}, {@code 600/m}), shares (0 to 1) and
 * spreads of durations. Each problem is reported at the value's line; the value read is then null.
 */
final class ValueReader {
  private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");
  private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)/(s|m|h)");

  private ValueReader() {}

  /** A duration under {@code key}: a number with its unit, e.g. {@code 30s}. */
  static Duration duration(MappingReader r, String key, boolean required, Duration max) {
    YamlNode.Entry e = r.entry(key, required);
    return e == null ? null : duration(r, e.value(), r.path(key), max);
  }

  static Duration duration(MappingReader r, YamlNode value, String path, Duration max) {
    Matcher m =
        value instanceof YamlNode.Scalar s
            ? DURATION.matcher(s.text().strip().toLowerCase(Locale.ROOT))
            : null;
    if (m == null || !m.matches()) {
      r.fail(
          value.line(),
          path + " must be a duration such as 500ms, 30s or 2m, but was " + shown(value));
      return null;
    }
    double amount = Double.parseDouble(m.group(1));
    double ms =
        switch (m.group(2)) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          default -> amount * 3_600_000;
        };
    Duration d = Duration.ofMillis(Math.round(ms));
    if (max != null && d.compareTo(max) > 0) {
      r.fail(value.line(), path + " must be at most " + human(max) + ", but was " + shown(value));
      return null;
    }
    return d;
  }

  /** Events per second, written {@code 16/s}, {@code 600/m} or {@code 3600/h}. */
  static Double rate(MappingReader r, String key, boolean required, double maxPerSecond) {
    YamlNode.Entry e = r.entry(key, required);
    if (e == null) {
      return null;
    }
    YamlNode value = e.value();
    Matcher m =
        value instanceof YamlNode.Scalar s
            ? RATE.matcher(s.text().strip().toLowerCase(Locale.ROOT))
            : null;
    if (m == null || !m.matches()) {
      r.fail(
          value.line(),
          r.path(key) + " must be a rate such as 16/s or 600/m, but was " + shown(value));
      return null;
    }
    double perSecond =
        Double.parseDouble(m.group(1))
            / switch (m.group(2)) {
              case "s" -> 1;
              case "m" -> 60;
              default -> 3_600;
            };
    if (perSecond <= 0 || perSecond > maxPerSecond) {
      r.fail(
          value.line(),
          r.path(key)
              + " must be above 0 and at most "
              + (long) maxPerSecond
              + "/s, but was "
              + shown(value));
      return null;
    }
    return perSecond;
  }

  /** A share from 0 to 1. */
  static Double share(MappingReader r, String key, boolean required) {
    YamlNode.Entry e = r.entry(key, required);
    return e == null ? null : share(r, e.value(), r.path(key));
  }

  static Double share(MappingReader r, YamlNode value, String path) {
    java.math.BigDecimal d = r.decimal(value, path);
    if (d == null) {
      return null;
    }
    double v = d.doubleValue();
    if (!(v >= 0 && v <= 1)) {
      r.fail(value.line(), path + " must be a share from 0 to 1, but was " + shown(value));
      return null;
    }
    return v;
  }

  /** A log-normal spread: {@code {median: 8s, p99: 40s}}, or one duration for no spread at all. */
  static Scenario.Spread spread(MappingReader r, String key, boolean required, Duration max) {
    YamlNode.Entry e = r.entry(key, required);
    if (e == null) {
      return null;
    }
    if (e.value() instanceof YamlNode.Scalar) {
      Duration d = duration(r, e.value(), r.path(key), max);
      return d == null ? null : positive(r, e.value().line(), r.path(key), d, d);
    }
    MappingReader s = r.child(key, e.value());
    Duration median = duration(s, "median", true, max);
    Duration p99 = duration(s, "p99", true, max);
    r.absorb(s.finish());
    if (median == null || p99 == null) {
      return null;
    }
    if (p99.compareTo(median) < 0) {
      s.fail(
          s.node().entries().get("p99").value().line(),
          s.path("p99") + " must be at least the median (" + human(median) + ")");
      return null;
    }
    return positive(r, e.keyLine(), r.path(key), median, p99);
  }

  private static Scenario.Spread positive(
      MappingReader r, int line, String path, Duration median, Duration p99) {
    if (median.isZero()) {
      r.fail(line, path + " must be longer than 0");
      return null;
    }
    return new Scenario.Spread(median, p99);
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
  }

  static String shown(YamlNode value) {
    if (value instanceof YamlNode.Scalar s) {
      return s.kind() == YamlNode.Kind.NULL ? "empty" : "'" + s.text() + "'";
    }
    return value instanceof YamlNode.Mapping ? "a mapping" : "a list";
  }
}
