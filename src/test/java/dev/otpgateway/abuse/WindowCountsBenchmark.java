package dev.otpgateway.abuse;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one key's view costs a start's fraud check: the cluster's counts, this member's counts on
 * their way to it and its counts since, merged. Run with {@code bench/jmh WindowCounts -f 1 -wi 3
 * -i 5}; results go in {@code docs/benchmarks.md}. Not a timed test: nothing fails if it is slow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class WindowCountsBenchmark {
  private static final long NOW = Instant.parse("2026-12-04T12:30:30Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  private WindowCounts cluster;
  private WindowCounts inFlight;
  private WindowCounts pending;

  /** A busy key: a start every minute of the last 15 days in the cluster's counts. */
  @Setup
  public void setUp() {
    cluster = new WindowCounts();
    for (long at = NOW - 15 * 24 * 60 * MINUTE; at <= NOW; at += MINUTE) {
      cluster.add(false, at, 3);
      cluster.add(true, at, 2);
    }
    inFlight = new WindowCounts();
    inFlight.add(false, NOW - MINUTE, 4);
    pending = new WindowCounts();
    pending.add(false, NOW, 2);
    pending.add(true, NOW, 1);
  }

  @Benchmark
  public WindowCounts view() {
    WindowCounts v = cluster.copy();
    v.addAll(inFlight);
    v.addAll(pending);
    return v;
  }
}
