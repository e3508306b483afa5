package dev.otpgateway.numbers;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What checking a destination costs, once per start: a US number (its region is the first of the 25
 * that share +1), a Canadian one (the eighth of them) and a German one. Run with {@code bench/jmh
 * PhoneNumbers -f 2 -wi 4 -i 8}; results go in {@code docs/benchmarks.md}. Not a timed test:
 * nothing fails if it is slow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class PhoneNumbersBenchmark {
  @Param({"+12025550123", "+16135550123", "+4915123456789"})
  public String number;

  @Benchmark
  public Destination parse() {
    return PhoneNumbers.parse(number);
  }
}
