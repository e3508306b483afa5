package dev.otpgateway.delivery;

import dev.otpgateway.routing.Volumes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This month's volume per provider and region, which picks each price tier. Counting happens
 * locally on the hot path; every few seconds the node adds its counts to the shared totals and
 * reads them back. A tier decision may lag by that interval, which no tier threshold of a million
 * messages notices.
 */
public final class VolumeTracker {
  private static final Logger LOG = Logger.getLogger(VolumeTracker.class.getName());

  private final Vertx vertx;
  private final VolumeStore store;
  private final Clock clock;
  private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();
  private volatile Volumes totals = Volumes.NONE;
  private volatile Map<String, Long> totalsByKey = Map.of();
  private long timer = -1;

  public VolumeTracker(Vertx vertx, VolumeStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  /** Counts units (SMS segments, or RCS messages) sent through a provider in a region. */
  public void add(String provider, String region, long units) {
    pending.computeIfAbsent(provider + '|' + region, k -> new LongAdder()).add(units);
  }

  /** The month's totals as of the last flush, plus what this node counted since. */
  public Volumes current() {
    return totals;
  }

  public void start(Duration every) {
    timer = vertx.setPeriodic(every.toMillis(), id -> flush());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Adds this node's counts to the shared totals and reads them back; succeeds once the totals
   * routing reads include them.
   */
  public Future<Void> flush() {
    Map<String, Long> deltas = new HashMap<>();
    pending.forEach(
        (key, adder) -> {
          long n = adder.sumThenReset();
          if (n > 0) {
            deltas.put(key, n);
          }
        });
    String month = YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString();
    return store
        .addAndRead(month, deltas)
        .onSuccess(this::publish)
        .onFailure(
            e -> {
              // Put the counts back so the next flush carries them.
              deltas.forEach((k, n) -> pending.computeIfAbsent(k, x -> new LongAdder()).add(n));
              LOG.log(Level.WARNING, "monthly volumes not shared: " + e.getMessage());
            })
        .mapEmpty();
  }

  private void publish(Map<String, Long> byKey) {
    Volumes.Builder builder = Volumes.builder();
    byKey.forEach(
        (key, units) -> {
          int bar = key.indexOf('|');
          builder.put(key.substring(0, bar), key.substring(bar + 1), units);
        });
    totalsByKey = Map.copyOf(byKey);
    totals = builder.build();
  }

  /** Totals by {@code provider|region}, for reports and tests. */
  public Map<String, Long> totalsByKey() {
    return totalsByKey;
  }
}
