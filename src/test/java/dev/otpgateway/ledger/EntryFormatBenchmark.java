package dev.otpgateway.ledger;

import dev.otpgateway.events.Event;
import dev.otpgateway.routing.Channel;
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
 * What the ledger writer spends on one entry, for a first send with its routing decision (the
 * largest entry) and an approval (a typical small one): its canonical JSON and SHA-256 link ({@link
 * EntryFormat#chain}) alone, and with its fields built from the event first ({@link
 * EntryFormat#eventFields}), which is all the writer does per event. Run with {@code bench/jmh
 * EntryFormat -f 1 -wi 3 -i 5 -prof gc}; results go in {@code docs/benchmarks.md}. Not a timed
 * test: nothing fails if it is slow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class EntryFormatBenchmark {
  private static final String PREVIOUS = "cd".repeat(32);
  private static final long T0 = LedgerEntries.T0;
  private static final NumberHasher NUMBERS = LedgerEntries.NUMBERS;

  private Event routedEvent;
  private Event approvedEvent;
  private Map<String, Object> routed;
  private Map<String, Object> approved;

  @Setup
  public void setUp() {
    routedEvent = LedgerEntries.routed("ver_bench", T0, "acme");
    approvedEvent =
        LedgerEntries.approved("ver_bench", 3, T0, "acme", "twilio", "us", "US", Channel.SMS);
    routed = EntryFormat.eventFields(routedEvent, NUMBERS);
    approved = EntryFormat.eventFields(approvedEvent, NUMBERS);
  }

  @Benchmark
  public LedgerEntry routed() {
    return EntryFormat.chain(routed, "member-1", 1_000_001L, PREVIOUS, T0);
  }

  @Benchmark
  public LedgerEntry approved() {
    return EntryFormat.chain(approved, "member-1", 1_000_001L, PREVIOUS, T0);
  }

  @Benchmark
  public LedgerEntry routedFromEvent() {
    return EntryFormat.chain(
        EntryFormat.eventFields(routedEvent, NUMBERS), "member-1", 1_000_001L, PREVIOUS, T0);
  }

  @Benchmark
  public LedgerEntry approvedFromEvent() {
    return EntryFormat.chain(
        EntryFormat.eventFields(approvedEvent, NUMBERS), "member-1", 1_000_001L, PREVIOUS, T0);
  }
}
