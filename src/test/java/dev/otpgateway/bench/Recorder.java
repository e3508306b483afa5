package dev.otpgateway.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what happened to every start: its latency when the gateway answered 201, otherwise the
 * kind of error. Whether a start is counted depends on when it was (meant to be) sent: only starts
 * due in the measured window count toward the totals; every start counts toward the current
 * one-second interval, warm-up included, so the progress lines show the warm-up too.
 *
 * <p>Not thread-safe: everything is recorded on the driver's single event-loop thread.
 */
final class Recorder {
  static final String TIMEOUT = "timeout";
  static final String CONNECTION = "connection";
  static final String IN_FLIGHT_CAP = "in_flight_cap";

  private final long measureFrom;
  private final long measureUntil;

  private final LatencyHistogram latency = new LatencyHistogram();
  private final LatencyHistogram sendLag = new LatencyHistogram();
  private final Map<String, Long> errors = new TreeMap<>();
  private final Map<String, String> firstErrorMessages = new TreeMap<>();
  private long attempted;
  private long accepted;

  private final LatencyHistogram intervalLatency = new LatencyHistogram();
  private long intervalAttempted;
  private long intervalAccepted;
  private long intervalErrors;
  private long intervalSlowestRefusalMicros;

  /** Counts starts due in [measureFrom, measureUntil), {@link System#nanoTime()} values. */
  Recorder(long measureFrom, long measureUntil) {
    this.measureFrom = measureFrom;
    this.measureUntil = measureUntil;
  }

  boolean measured(long dueNanos) {
    return dueNanos >= measureFrom && dueNanos < measureUntil;
  }

  /**
   * A start was issued: {@code lagNanos} after it was due (open loop: how late the driver itself
   * was; reported apart so a slow driver can't pass for a slow gateway).
   */
  void issued(long dueNanos, long lagNanos) {
    intervalAttempted++;
    if (measured(dueNanos)) {
      attempted++;
      sendLag.record(lagNanos / 1000);
    }
  }

  /** The gateway answered {@code status}, {@code latencyNanos} after the start was due. */
  void answered(long dueNanos, int status, long latencyNanos) {
    boolean measured = measured(dueNanos);
    if (status == 201) {
      long micros = latencyNanos / 1000;
      intervalAccepted++;
      intervalLatency.record(micros);
      if (measured) {
        accepted++;
        latency.record(micros);
      }
    } else {
      // A refusal answered late is a stall too (a client waited for it before trying again).
      intervalSlowestRefusalMicros = Math.max(intervalSlowestRefusalMicros, latencyNanos / 1000);
      failed(dueNanos, "status_" + status, null);
    }
  }

  /** A start failed without an answer ({@link #TIMEOUT}, {@link #CONNECTION}, ...). */
  void failed(long dueNanos, String kind, String message) {
    intervalErrors++;
    if (measured(dueNanos)) {
      errors.merge(kind, 1L, Long::sum);
      if (message != null) {
        firstErrorMessages.putIfAbsent(kind, message);
      }
    }
  }

  /** A start due while too many were in flight was not sent: an error, like a refused one. */
  void notIssued(long dueNanos) {
    intervalAttempted++;
    if (measured(dueNanos)) {
      attempted++;
    }
    failed(dueNanos, IN_FLIGHT_CAP, null);
  }

  /** The second just ended: its numbers, after which the interval starts afresh. */
  Interval takeInterval() {
    Interval i =
        new Interval(
            intervalAttempted,
            intervalAccepted,
            intervalErrors,
            intervalLatency.percentile(50),
            intervalLatency.percentile(99),
            intervalLatency.max(),
            intervalSlowestRefusalMicros);
    intervalLatency.reset();
    intervalSlowestRefusalMicros = 0;
    intervalAttempted = 0;
    intervalAccepted = 0;
    intervalErrors = 0;
    return i;
  }

  /**
   * One second's worth, latencies in µs: those of the 201s, and the slowest of the other answers (0
   * when there was none).
   */
  record Interval(
      long attempted,
      long accepted,
      long errors,
      long p50Micros,
      long p99Micros,
      long maxMicros,
      long slowestRefusalMicros) {}

  long attempted() {
    return attempted;
  }

  long accepted() {
    return accepted;
  }

  LatencyHistogram latency() {
    return latency;
  }

  LatencyHistogram sendLag() {
    return sendLag;
  }

  /** Error counts by kind ({@code status_429}, {@code timeout}, ...), measured window only. */
  Map<String, Long> errors() {
    return errors;
  }

  /** The first message seen for each kind of error that came with one. */
  Map<String, String> firstErrorMessages() {
    return firstErrorMessages;
  }
}
