package dev.otpgateway.routing;

import java.nio.file.Path;
import java.util.Map;
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
 * Cost of one routing decision against the shipped rules. Run with {@code bench/jmh RouteDecider -f
 * 1 -wi 3 -i 5}; results go in {@code docs/benchmarks.md}. Not a timed test: nothing fails if it is
 * slow, a reviewer reads the number.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class RouteDeciderBenchmark {
  private RouteDecider decider;
  private RouteRequest usSms;
  private RouteRequest usRcsCapable;
  private RouteRequest euHighRisk;
  private ProviderHealth observed;
  private Volumes volumes;

  /** Loads the shipped rules once; the benchmark measures only {@code decide}. */
  @Setup
  public void setUp() {
    decider = new RouteDecider(RulesLoader.load(Path.of("routing-rules")));
    usSms = RouteRequest.of("+12025550170", "US");
    usRcsCapable =
        new RouteRequest(
            "+12025550171", "US", Risk.LOW, ChannelPreference.AUTO, true, true, 2, "acme", null);
    euHighRisk =
        new RouteRequest(
            "+4915123456789", "DE", Risk.HIGH, ChannelPreference.AUTO, true, false, 1, null, null);
    observed =
        ProviderHealth.of(
            Map.of(
                "twilio", new ProviderStatus(BreakerState.CLOSED, 0.97, 5_000, 6_200),
                "sinch", new ProviderStatus(BreakerState.HALF_OPEN, 0.91, 800, 7_400),
                "messagebird", new ProviderStatus(BreakerState.CLOSED, 0.98, 12_000, 4_900),
                "rbm", new ProviderStatus(BreakerState.CLOSED, 0.93, 3_000, 3_100)));
    volumes =
        Volumes.builder()
            .put("twilio", "us", 1_200_000)
            .put("sinch", "us", 300_000)
            .put("messagebird", "us", 900_000)
            .build();
  }

  /** The common case: a US SMS, three SMS candidates, RBM excluded. */
  @Benchmark
  public RouteDecision usSms() {
    return decider.decide(usSms, ProviderHealth.UNOBSERVED, Volumes.NONE);
  }

  /** Every lane scored: RCS-capable handset, observations and volume tiers for every provider. */
  @Benchmark
  public RouteDecision usRcsWithObservations() {
    return decider.decide(usRcsCapable, observed, volumes);
  }

  /** A refusal: every SMS lane excluded by the risk filter. */
  @Benchmark
  public RouteDecision euHighRiskRefused() {
    return decider.decide(euHighRisk, observed, Volumes.NONE);
  }
}
