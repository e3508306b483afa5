package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.events.Ids;
import dev.otpgateway.testing.Ports;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the destination sweep's scan costs a member: {@code removeEndedLocally} on a real standalone
 * Hazelcast member holding the states of {@link #numbers} numbers in their buckets, none of them
 * ended, so the figure is the query alone (each bucket's earliest end read from its front). The
 * sweep runs it every 10 s. Run with {@code bench/jmh DestinationSweep -f 1}; results go in {@code
 * docs/benchmarks.md}. Not a timed test: nothing fails if it is slow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DestinationSweepBenchmark {
  @Param({"100000", "400000"})
  public int numbers;

  private Vertx vertx;
  private HazelcastInstance hazelcast;
  private HazelcastDestinationStore store;

  @Setup(Level.Trial)
  public void fill() {
    vertx = Vertx.vertx();
    hazelcast =
        Hazelcast.newHazelcastInstance(
            HazelcastSetup.config(ClusterOptions.standalone(Ports.free())));
    IMap<Integer, byte[]> map = hazelcast.getMap(HazelcastSetup.DESTINATIONS);
    long now = Instant.parse("2026-12-04T12:00:00Z").toEpochMilli();
    Map<Integer, Map<DestinationBucket.Number, byte[]>> buckets = new HashMap<>();
    for (int i = 0; i < numbers; i++) {
      // One send each, spread over the last hour; a live code for the newest tenth.
      long sentAt = now - (long) i * RATE_WINDOW_MILLIS / numbers / 2;
      String live = i % 10 == 0 ? Ids.mint(Ids.VERIFICATION) : null;
      DestinationBucket.Number number =
          DestinationBucket.Number.of("bench", "+1202" + (1_000_000 + i));
      buckets
          .computeIfAbsent(number.bucket(DestinationBucket.PER_MEMBER), b -> new HashMap<>())
          .put(
              number,
              new DestinationState(live, sentAt + 300_000, "", new long[] {sentAt}).encode());
    }
    Map<Integer, byte[]> batch = new HashMap<>();
    buckets.forEach((b, states) -> batch.put(b, DestinationBucket.of(states, RATE_WINDOW_MILLIS)));
    map.putAll(batch);
    store =
        new HazelcastDestinationStore(
            map,
            new Futures(vertx),
            Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC),
            DestinationBucket.PER_MEMBER);
  }

  @TearDown(Level.Trial)
  public void stop() {
    hazelcast.shutdown();
    vertx.close();
  }

  @Benchmark
  public int scan() {
    return store.removeEndedLocally();
  }
}
