package dev.otpgateway.ledger;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.events.DurableSink;
import dev.otpgateway.events.Event;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.routing.RuleSet;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This member's writer of the ledger: the durable end of the event stream. Events are handed over
 * from any thread and written by one thread of the ledger's own, in batches (group commit): each
 * batch is chained (every entry names the hash of the one before), appended in one write, and only
 * then are the callers told. So an answer that waited for its events is never ahead of the ledger,
 * however the process dies, and the hot path never waits on a disk or a database itself.
 *
 * <p>Every 1,000 entries, or every 10 seconds with anything new, the writer appends a checkpoint
 * signed with its Ed25519 key and keeps it as the chain's head too, so an auditor holding only the
 * public key can tell the chain is the writer's, whole and unaltered. Each rules version the writer
 * routes with is written once with its canonical content and documents, so any decision can be
 * re-run from the ledger alone ({@link LedgerExplainer}).
 *
 * <p>Exactly once: an event's id is stable, so one handed over twice (a member adopting a departed
 * member's outbox, see {@code VerificationSweeper}) is written once; the writer remembers the ids
 * it wrote lately and asks the store about the others' (PostgreSQL can tell, a file store holds
 * only this member's chain).
 */
public final class Ledger implements DurableSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Ledger.class.getName());

  /** Entries between checkpoints, at most. */
  static final int CHECKPOINT_ENTRIES = 1_000;

  /** Time between checkpoints, at most, while anything was written. */
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  /** Events in one write, at most: bounds a batch's size when the writer falls behind. */
  private static final int MAX_BATCH_EVENTS = 4_096;

  /**
   * How long ids stay remembered to recognise a re-published event, at least: well past the
   * outbox's. A fifth more at most (the memory's generations).
   */
  private static final long RECENT_IDS_MILLIS = 5 * 60_000;

  /** How long a caller waits for its events before it is told the ledger is unavailable. */
  static final Duration CALLER_PATIENCE = Duration.ofSeconds(5);

  /**
   * The writer wakes at most once per this long while events keep coming: what is handed over in
   * between shares one write and one hand-back to each event loop. Under load a wake-up per publish
   * (a futex on the way in, an event loop's wake-up on the way out, for 3–4 publishes a start) cost
   * more than the entries' text and hashes; a lone publish after a quiet spell is written at once.
   */
  private static final long GATHER_NANOS = 1_000_000;

  private final Vertx vertx;
  private final LedgerStore store;
  private final String writer;
  private final LedgerSigner signer;
  private final NumberHasher numbers;
  private final Metrics metrics;
  private final Clock clock;
  private final Duration syncEvery;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

  /** The batch being written, for the patience check; empty between batches. */
  private volatile List<Pending> writing = List.of();

  /** When the writer last woke to write (System.nanoTime). */
  private long lastWakeAt;

  private final RecentEventIds recentIds = new RecentEventIds(RECENT_IDS_MILLIS / 5);
  private final Set<String> rulesRecorded = new HashSet<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** When the batch being written was handed over, oldest first (System.nanoTime); 0: none. */
  private volatile long writingSince;

  private long seq;
  private String lastHash;
  private int sinceCheckpoint;
  private long lastCheckpointAt;
  private boolean unsynced;
  private long lastSyncAt;
  private long lagTimer = -1;

  /**
   * Entries waiting to be written, with whoever waits for them (handed over: System.nanoTime).
   *
   * @param rules a rules entry's fields, or null for events (formatted by the writer, so the event
   *     loop that published them does not)
   * @param events the events to record, each once by its id
   * @param recorded receives the events written for the first time
   */
  private record Pending(
      Map<String, Object> rules,
      List<Event> events,
      Consumer<List<Event>> recorded,
      Promise<Void> promise,
      Context context,
      long enqueuedAt) {
    int entries() {
      return rules == null ? events.size() : 1;
    }
  }

  /**
   * @param writer this member's name in the ledger; stable across restarts, so its chain goes on
   * @param syncEvery how often appended entries are also forced to disk; zero: after every batch
   */
  public Ledger(
      Vertx vertx,
      LedgerStore store,
      String writer,
      LedgerSigner signer,
      NumberHasher numbers,
      Metrics metrics,
      Clock clock,
      Duration syncEvery) {
    this.vertx = vertx;
    this.store = store;
    this.writer = writer;
    this.signer = signer;
    this.numbers = numbers;
    this.metrics = metrics;
    this.clock = clock;
    this.syncEvery = syncEvery;
    LedgerStore.ChainHead head = store.open(writer);
    this.seq = head.seq();
    this.lastHash = head.hash();
    this.lastCheckpointAt = clock.millis();
    this.lastSyncAt = clock.millis();
    this.thread = new Thread(this::run, "otp-ledger-writer");
    this.thread.setDaemon(true);
    this.thread.start();
    this.lagTimer =
        vertx.setPeriodic(
            1_000,
            t -> {
              metrics.ledgerLag(lagMillis() / 1000.0);
              tellLateCallers();
            });
  }

  /** What the ledger says at start: which store, which writer, where its chain stands. */
  public String describe() {
    return store.kind() + " ledger, writer " + writer + ", " + seq + " entries";
  }

  /** The public key that verifies this writer's checkpoints. */
  public String publicKey() {
    return signer.publicKey();
  }

  public LedgerStore store() {
    return store;
  }

  /**
   * Records a rules version the first time this writer routes with it, with its canonical content
   * and documents. It goes in line with the events, before any decision made under it.
   */
  public Future<Void> rulesInForce(RuleSet rules) {
    synchronized (rulesRecorded) {
      if (!rulesRecorded.add(rules.version())) {
        return Future.succeededFuture();
      }
    }
    long now = clock.millis();
    return enqueue(
        EntryFormat.rulesFields(rules.version(), rules.canonical(), rules.documents(), now),
        List.of(),
        recorded -> {});
  }

  @Override
  public Future<Void> append(List<Event> events, Consumer<List<Event>> recorded) {
    return enqueue(null, events, recorded);
  }

  private Future<Void> enqueue(
      Map<String, Object> rules, List<Event> events, Consumer<List<Event>> recorded) {
    if (!running) {
      return Future.failedFuture(unavailable("the ledger is closed"));
    }
    Promise<Void> promise = Promise.promise();
    queue.add(
        new Pending(rules, events, recorded, promise, Vertx.currentContext(), System.nanoTime()));
    return promise.future();
  }

  /**
   * Tells each caller on a Vert.x context whose events have waited longer than {@link
   * #CALLER_PATIENCE} that the ledger is unavailable, rather than keeping it waiting (so within a
   * second past it). Its events stay queued and are written once the store is back. Once a second,
   * from the lag timer: one timer per publish cost more than the check.
   */
  private void tellLateCallers() {
    long cutoff = System.nanoTime() - CALLER_PATIENCE.toNanos();
    for (Pending p : writing) {
      if (p.enqueuedAt() - cutoff > 0) {
        return; // the queue's are younger still
      }
      tellLate(p);
    }
    for (Pending p : queue) {
      if (p.enqueuedAt() - cutoff > 0) {
        return; // in order of handing over: the rest are younger
      }
      tellLate(p);
    }
  }

  private static void tellLate(Pending p) {
    if (p.context() != null && !p.promise().future().isComplete()) {
      p.context()
          .runOnContext(
              v ->
                  p.promise()
                      .tryFail(
                          unavailable(
                              "the ledger has not confirmed this change's events in time")));
    }
  }

  /** A 503 whose Retry-After is the patience: by then the store has had as long again. */
  private static GatewayException unavailable(String detail) {
    return GatewayException.unavailable("ledger_unavailable", detail, CALLER_PATIENCE.toSeconds());
  }

  /**
   * How long the oldest event not yet written has waited; 0 when the ledger is caught up. Measured
   * on the monotonic clock: it is a duration of this process, not a time of the business.
   */
  public long lagMillis() {
    long oldest = writingSince;
    Pending queued = queue.peek();
    if (oldest == 0 && queued != null) {
      oldest = queued.enqueuedAt();
    }
    return oldest == 0 ? 0 : Math.max(0, (System.nanoTime() - oldest) / 1_000_000);
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          writingSince = first.enqueuedAt();
          batch.add(first);
          gather();
          drain(batch);
          List<List<Map<String, Object>>> fields = format(batch);
          writing = List.copyOf(batch);
          writeWithRetries(batch, fields);
          writing = List.of();
          batch.clear();
          writingSince = 0;
        }
        housekeeping();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "the ledger writer failed", e);
      }
    }
  }

  /** Under load, waits out the rest of {@link #GATHER_NANOS} since the last wake-up. */
  private void gather() {
    long since = System.nanoTime() - lastWakeAt;
    if (since < GATHER_NANOS) {
      LockSupport.parkNanos(GATHER_NANOS - since);
    }
    lastWakeAt = System.nanoTime();
  }

  private void drain(List<Pending> batch) {
    int entries = batch.get(0).entries();
    Pending next;
    while (entries < MAX_BATCH_EVENTS && (next = queue.peek()) != null) {
      batch.add(queue.poll());
      entries += next.entries();
    }
  }

  /**
   * Each pending's entries' fields, built once, outside the retries: an event that cannot be
   * formatted fails its own caller (as when the event loop formatted it) and leaves the batch,
   * rather than failing every retry of the whole ledger.
   */
  private List<List<Map<String, Object>>> format(List<Pending> batch) {
    List<List<Map<String, Object>>> fields = new ArrayList<>(batch.size());
    for (Iterator<Pending> it = batch.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      try {
        List<Map<String, Object>> entries = new ArrayList<>(p.events().size());
        for (Event e : p.events()) {
          entries.add(EntryFormat.eventFields(e, numbers));
        }
        fields.add(entries);
      } catch (RuntimeException e) {
        LOG.log(
            Level.SEVERE, "events could not be formatted for the ledger: " + ids(p.events()), e);
        it.remove();
        if (p.context() == null) {
          p.promise().tryFail(e);
        } else {
          p.context().runOnContext(v -> p.promise().tryFail(e));
        }
      }
    }
    return fields;
  }

  /** Events by id only: a log line never carries a number. */
  private static List<String> ids(List<Event> events) {
    return events.stream().map(Event::id).toList();
  }

  /** Writes a batch, retrying while the store fails: events are never dropped. */
  private void writeWithRetries(List<Pending> batch, List<List<Map<String, Object>>> fields)
      throws InterruptedException {
    long backoff = 100;
    while (true) {
      try {
        write(batch, fields);
        return;
      } catch (LedgerStore.DuplicateEventException e) {
        // Another writer recorded one of these events meanwhile: the next try leaves it out.
        LOG.info("an event of a ledger batch was recorded by another member; writing the rest");
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "the ledger could not be written ("
                + e.getMessage()
                + "); retrying in "
                + backoff
                + " ms");
        Thread.sleep(backoff);
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  /** Writes a batch; {@code fields} holds the i-th pending's entries' fields. */
  private void write(List<Pending> batch, List<List<Map<String, Object>>> fields) {
    long now = clock.millis();
    forgetOldIds(now);
    Set<String> unknown = new HashSet<>(); // not written lately by this writer, as far as it knows
    for (Pending p : batch) {
      for (Event e : p.events()) {
        // An event that is never published again is never remembered either: no look-up.
        if (!e.type().publishedAgain() || !recentIds.contains(e.id())) {
          unknown.add(e.id());
        }
      }
    }
    Set<String> elsewhere = store.recordedElsewhere(writer, unknown);
    Chain chain = new Chain(seq, lastHash, sinceCheckpoint);
    Set<String> inBatch = new HashSet<>();
    List<List<Event>> firstTime = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      List<Event> fresh = new ArrayList<>(p.events().size());
      firstTime.add(fresh);
      if (p.rules() != null) {
        chain.add(p.rules(), Instant.parse((String) p.rules().get("time")).toEpochMilli());
      }
      for (int j = 0; j < p.events().size(); j++) {
        Event event = p.events().get(j);
        String id = event.id();
        if (!unknown.contains(id) || elsewhere.contains(id) || !inBatch.add(id)) {
          continue; // written already: once is enough
        }
        fresh.add(event);
        chain.add(fields.get(i).get(j), event.at());
      }
    }
    if (chain.due(now)) {
      chain.checkpoint(now);
    }
    if (!chain.entries.isEmpty()) {
      store.append(chain.entries);
      seq = chain.seq;
      lastHash = chain.hash;
      sinceCheckpoint = chain.sinceCheckpoint;
      unsynced = true;
      metrics.ledgerEntries(store.kind(), chain.entries.size());
      if (chain.lastCheckpoint != null) {
        headAt(chain.lastCheckpoint, now);
      }
    }
    // Only what can come again is remembered: under a pumping attack most starts also make a
    // fraud_flagged note, and remembering its id for minutes cost as much heap as its start.
    for (List<Event> written : firstTime) {
      for (Event e : written) {
        if (e.type().publishedAgain()) {
          recentIds.add(e.id(), now);
        }
      }
    }
    housekeeping();
    complete(batch, firstTime);
  }

  /**
   * A batch being chained onto the writer's chain: its entries, and a signed checkpoint after every
   * 1,000th entry and when one is due by time. Nothing of it counts until the store took it.
   */
  private final class Chain {
    final List<LedgerEntry> entries = new ArrayList<>();
    long seq;
    String hash;
    int sinceCheckpoint;
    LedgerEntry lastCheckpoint;

    Chain(long seq, String hash, int sinceCheckpoint) {
      this.seq = seq;
      this.hash = hash;
      this.sinceCheckpoint = sinceCheckpoint;
    }

    void add(Map<String, Object> fields, long time) {
      LedgerEntry e = EntryFormat.chain(fields, writer, ++seq, hash, time);
      hash = e.hash();
      entries.add(e);
      sinceCheckpoint++;
      if (sinceCheckpoint == CHECKPOINT_ENTRIES) {
        checkpoint(clock.millis());
      }
    }

    boolean due(long now) {
      return sinceCheckpoint > 0 && now - lastCheckpointAt >= CHECKPOINT_INTERVAL.toMillis();
    }

    void checkpoint(long now) {
      Map<String, Object> f = new TreeMap<>();
      f.put("event", LedgerEntry.CHECKPOINT);
      f.put("time", EntryFormat.time(now));
      f.put("entries", sinceCheckpoint);
      f.put("public_key", signer.publicKey());
      f.put("signature", signer.sign(EntryFormat.checkpointMessage(writer, seq + 1, hash)));
      LedgerEntry cp = EntryFormat.chain(f, writer, ++seq, hash, now);
      hash = cp.hash();
      entries.add(cp);
      sinceCheckpoint = 0;
      lastCheckpoint = cp;
    }
  }

  /** The newest checkpoint is synced with everything before it, and kept as the head. */
  private void headAt(LedgerEntry checkpoint, long now) {
    store.sync();
    store.head(checkpoint);
    lastCheckpointAt = now;
    unsynced = false;
    lastSyncAt = now;
  }

  /** A checkpoint due by time though nothing new came, and the periodic sync. */
  private void housekeeping() {
    long now = clock.millis();
    Chain idle = new Chain(seq, lastHash, sinceCheckpoint);
    if (idle.due(now)) {
      idle.checkpoint(now);
      store.append(idle.entries);
      seq = idle.seq;
      lastHash = idle.hash;
      sinceCheckpoint = 0;
      headAt(idle.lastCheckpoint, now);
    }
    if (unsynced && (syncEvery.isZero() || now - lastSyncAt >= syncEvery.toMillis())) {
      store.sync();
      unsynced = false;
      lastSyncAt = now;
    }
  }

  /** How many event ids the writer remembers, for the tests of what it keeps. */
  int idsRemembered() {
    return recentIds.size();
  }

  private void forgetOldIds(long now) {
    recentIds.forgetBefore(now - RECENT_IDS_MILLIS);
  }

  /**
   * Hands on the events written for the first time, then tells each caller, on its context: one
   * task per context for the whole batch, in the order they were handed over.
   */
  private static void complete(List<Pending> batch, List<List<Event>> firstTime) {
    Map<Context, List<Runnable>> byContext = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      List<Event> fresh = firstTime.get(i);
      Runnable done =
          () -> {
            if (!fresh.isEmpty()) {
              p.recorded().accept(fresh);
            }
            p.promise().tryComplete();
          };
      if (p.context() == null) {
        done.run();
      } else {
        byContext.computeIfAbsent(p.context(), c -> new ArrayList<>()).add(done);
      }
    }
    byContext.forEach((context, tasks) -> context.runOnContext(v -> tasks.forEach(Runnable::run)));
  }

  /**
   * Writes what is queued, a last checkpoint, and lets the chain go; what was handed over before is
   * in the ledger when this returns.
   */
  @Override
  public void close() {
    running = false;
    vertx.cancelTimer(lagTimer);
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (sinceCheckpoint > 0) {
      lastCheckpointAt = 0; // a last checkpoint now, so the head covers every entry
      housekeeping();
    }
    store.close();
  }
}
