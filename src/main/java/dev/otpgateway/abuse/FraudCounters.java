package dev.otpgateway.abuse;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventSink;
import dev.otpgateway.events.EventType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The counts the fraud guard decides on: verifications started and approved, per tenant and for
 * everyone, per destination country and per number prefix, read off the event stream. Counting is
 * local; every second this member adds what it counted to the cluster's sums and reads back the
 * sums of the keys it uses. So a start never waits on the cluster, and what a member sees is at
 * most about two seconds behind the rest of the cluster: its own counts at once, the others' as of
 * their last flush and its last read.
 */
public final class FraudCounters implements EventSink {
  private static final Logger LOG = Logger.getLogger(FraudCounters.class.getName());

  /** How often counts are shared. */
  static final long FLUSH_EVERY_MS = 1_000;

  /**
   * How far behind another member's counts can be in a decision while the cluster answers: its
   * flush interval and this member's.
   */
  public static final long MAX_STALENESS_MS = 2 * FLUSH_EVERY_MS;

  /** Prefix keys are needed for a day at most; country keys for their fifteen days of history. */
  private static final long PREFIX_IDLE_MS = 25 * 3_600_000L;

  private static final long COUNTRY_IDLE_MS = 16 * 86_400_000L;

  /** Keys read back per flush, at most: the ones used most recently come first. */
  private static final int READS_PER_FLUSH = 4_096;

  private final Vertx vertx;
  private final FraudCounterStore store;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** Runs of near-consecutive numbers, which approvals on this stream break up. */
  private final SequenceWatch sequences = new SequenceWatch();

  private volatile boolean failing;

  /** Whether a flush waits for the cluster's answer; touched only on the flush timer's context. */
  private boolean flushing;

  private long timer = -1;

  public FraudCounters(Vertx vertx, FraudCounterStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  /**
   * One key's counts: the cluster's sum as last read, this member's counts on their way to it, and
   * this member's counts since.
   */
  private static final class Entry {
    WindowCounts cluster = new WindowCounts();
    WindowCounts inFlight = new WindowCounts();
    WindowCounts pending = new WindowCounts();
    boolean dirty;

    /** When a start's decision last read this key; 0 when none did. */
    volatile long usedAt;

    /** When this key was last counted or read: a key idle long enough is forgotten. */
    volatile long touchedAt;

    synchronized WindowCounts view() {
      WindowCounts v = cluster.copy();
      v.addAll(inFlight);
      v.addAll(pending);
      return v;
    }
  }

  /** The keys an event or a start counts under: a destination for a tenant, and for everyone. */
  public static List<String> keys(String tenant, String e164, String country) {
    List<String> keys = new ArrayList<>(8);
    for (String scope : new String[] {"t:" + tenant, "*"}) {
      keys.add(scope + "|c:" + country);
      for (int length : FraudSignals.PREFIX_LENGTHS) {
        keys.add(scope + "|p" + length + ":" + prefix(e164, length));
      }
    }
    keys.add("t:" + tenant + "|all");
    return keys;
  }

  /** The first {@code digits} digits of an E.164 number, with its plus. */
  public static String prefix(String e164, int digits) {
    return e164.substring(0, Math.min(e164.length(), digits + 1));
  }

  @Override
  public void accept(List<Event> events) {
    for (Event e : events) {
      boolean started = e.type() == EventType.STARTED;
      if (e.type() == EventType.APPROVED && e.to() != null) {
        sequences.approved(e.tenant(), e.to());
      }
      if ((started || e.type() == EventType.APPROVED) && e.to() != null && e.country() != null) {
        for (String key : keys(e.tenant(), e.to(), e.country())) {
          Entry entry = entries.computeIfAbsent(key, k -> new Entry());
          synchronized (entry) {
            entry.pending.add(!started, e.at(), 1);
            entry.dirty = true;
            entry.touchedAt = Math.max(entry.touchedAt, e.at());
          }
        }
      }
    }
  }

  SequenceWatch sequences() {
    return sequences;
  }

  /** What this member knows of a key now; empty for a key nobody counted. */
  public WindowCounts view(String key) {
    Entry entry = entries.computeIfAbsent(key, k -> new Entry());
    entry.usedAt = clock.millis();
    entry.touchedAt = entry.usedAt;
    return entry.view();
  }

  /** Whether the last exchange with the cluster failed: decisions then rest on local counts. */
  public boolean stale() {
    return failing;
  }

  public void start() {
    timer = vertx.setPeriodic(FLUSH_EVERY_MS, id -> flush());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Shares what this member counted and reads back the keys it used lately. */
  void flush() {
    if (flushing) {
      // One flush at a time. Each key has one set of in-flight counts: a flush answered late (a
      // backup confirming after a second, a partition changing owner) would clear the next one's,
      // and those counts would be lost if the next one failed. They wait in pending instead.
      return;
    }
    long now = clock.millis();
    Map<String, byte[]> additions = new HashMap<>();
    // Keys read lately, with when, as of this pass: starts move usedAt while the list is sorted.
    List<Map.Entry<String, Long>> used = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      boolean prefix = e.getKey().contains("|p");
      synchronized (entry) {
        if (!entry.dirty && now - entry.touchedAt > (prefix ? PREFIX_IDLE_MS : COUNTRY_IDLE_MS)) {
          entries.remove(e.getKey(), entry);
          continue;
        }
        if (entry.dirty) {
          additions.put(e.getKey(), entry.pending.encode());
          entry.inFlight.addAll(entry.pending);
          entry.pending = new WindowCounts();
          entry.dirty = false;
        }
      }
      long usedAt = entry.usedAt;
      if (!additions.containsKey(e.getKey()) && now - usedAt < 60_000) {
        used.add(Map.entry(e.getKey(), usedAt));
      }
    }
    used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    for (int i = 0; i < used.size() && i < READS_PER_FLUSH; i++) {
      additions.put(used.get(i).getKey(), new WindowCounts().encode());
    }
    if (additions.isEmpty()) {
      return;
    }
    flushing = true;
    Future<Map<String, byte[]>> answer;
    try {
      answer = store.addAndRead(additions);
    } catch (RuntimeException e) {
      // Thrown rather than failed (a member shutting down): the same failure, or no flush again.
      answer = Future.failedFuture(e);
    }
    answer
        .onComplete(done -> flushing = false)
        .onSuccess(
            sums -> {
              failing = false;
              sums.forEach(
                  (key, bytes) -> {
                    Entry entry = entries.computeIfAbsent(key, k -> new Entry());
                    synchronized (entry) {
                      entry.cluster = WindowCounts.decode(bytes);
                      entry.inFlight = new WindowCounts();
                    }
                  });
            })
        .onFailure(
            e -> {
              failing = true;
              // The counts go back, to be added with the next flush.
              for (String key : additions.keySet()) {
                Entry entry = entries.get(key);
                if (entry != null) {
                  synchronized (entry) {
                    entry.pending.addAll(entry.inFlight);
                    entry.inFlight = new WindowCounts();
                    entry.dirty = true;
                  }
                }
              }
              LOG.log(Level.WARNING, "fraud counters not shared: " + e.getMessage());
            });
  }
}
