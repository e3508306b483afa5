package dev.otpgateway.otp;

import java.nio.charset.StandardCharsets;
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
 * What sealing a code costs (once per start) and opening it (once per resend or failover). Run with
 * {@code bench/jmh CodeSealer -f 1 -wi 3 -i 5 -prof gc}; results go in {@code docs/benchmarks.md}.
 * Not a timed test: nothing fails if it is slow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class CodeSealerBenchmark {
  private static final String ID = "ver_5gykkkcfqugxuu4x5oa3zpw5y";

  private CodeSealer sealer;
  private byte[] sealed;

  @Setup
  public void setUp() {
    sealer =
        new CodeSealer(
            OtpKeys.derive(
                "benchmark-secret-of-at-least-32-bytes".getBytes(StandardCharsets.US_ASCII)));
    sealed = sealer.seal(ID, "482913");
  }

  @Benchmark
  public byte[] seal() {
    return sealer.seal(ID, "482913");
  }

  @Benchmark
  public String open() {
    return sealer.open(ID, sealed);
  }
}
