package dev.otpgateway.bench;

import java.util.Locale;

/** The one line a second the driver prints while it runs. */
final class ProgressLine {
  private ProgressLine() {}

  static String of(
      long second, String phase, Recorder.Interval i, int inFlight, GatewaySampler gateway) {
    return String.format(
        Locale.ROOT,
        "[%4d s %-7s] sent %,6d  201/s %,6d  p50 %6.2f  p99 %7.2f  max %7.2f ms  errors %,d%s"
            + "  in flight %d  | gateway RSS %s MiB, heap %s MiB",
        second,
        phase,
        i.attempted(),
        i.accepted(),
        RunReport.ms(i.p50Micros()),
        RunReport.ms(i.p99Micros()),
        RunReport.ms(i.maxMicros()),
        i.errors(),
        i.slowestRefusalMicros() == 0
            ? ""
            : String.format(
                Locale.ROOT, " (slowest %.2f ms)", RunReport.ms(i.slowestRefusalMicros())),
        inFlight,
        RunReport.mib(gateway.rssBytes()),
        RunReport.mib(gateway.heapBytes()));
  }
}
