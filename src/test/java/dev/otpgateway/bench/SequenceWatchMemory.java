package dev.otpgateway.bench;

import dev.otpgateway.abuse.SequenceWatch;

/**
 * Holds a {@link SequenceWatch} with one number in each of N prefixes, as real traffic spread over
 * many prefixes leaves it, for a class histogram to weigh (the load benchmark's numbers share 480
 * prefixes, so it never shows this). Prints its pid, then waits a minute:
 *
 * <pre>
 * mvn -q test-compile -Dspotless.check.skip=true
 * java -cp target/classes:target/test-classes dev.otpgateway.bench.SequenceWatchMemory 100000 &amp;
 * jcmd PID GC.class_histogram | tail -1   # the total, less an idle JVM's
 * </pre>
 */
public final class SequenceWatchMemory {
  private SequenceWatchMemory() {}

  public static void main(String[] args) throws InterruptedException {
    int prefixes = Integer.parseInt(args[0]);
    SequenceWatch watch = new SequenceWatch();
    long now = System.currentTimeMillis();
    for (int i = 0; i < prefixes; i++) {
      // +1 and seven more digits make the 8-digit prefix; three digits after it.
      watch.record("acme", "+" + (12_000_000L + 7L * i) + String.format("%03d", i % 1_000), now);
    }
    System.out.println("holding " + prefixes + " prefixes, pid " + ProcessHandle.current().pid());
    Thread.sleep(60_000);
    System.out.println(watch.peek("acme", "+12000000000", now));
  }
}
