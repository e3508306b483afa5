package dev.otpgateway.verification;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.LongStream;

/**
 * The verifications as the lifecycle changes them: every change goes to the store, and the events
 * the change emitted go to the event stream. Each call resolves once those events are durable in
 * the ledger, so whatever a caller then answers or does is on record even if this process dies
 * right after.
 *
 * <p>A change the cluster did not confirm (its backup never answered, the member was cut off) may
 * still have been kept, with its events in the record's outbox under this member's name. No one
 * else publishes those while this member lives, so it takes them back and publishes them again once
 * the record answers ({@link Transition.Reclaim}); the ledger records each event once. A member
 * that dies first leaves them to the survivors, who adopt them.
 *
 * <p>Once the ledger has written a change's events, the record's outbox need not keep them for its
 * horizon: every {@link #TRIM_EVERY_MS} this member drops from the outboxes the events it wrote
 * that were gathered for {@link #TRIM_AFTER_MS} ({@link VerificationStore#dropWritten}, one
 * operation for a partition's verifications), so a start's events (created, sent, delivered, within
 * about a second) usually leave in one change. A record's first 30 s held them at some 430 bytes;
 * and a record whose outbox is empty no longer falls due for its owner's sweep to drop them, so the
 * trim takes the place of that visit.
 */
public final class VerificationRecords {
  private static final Logger LOG = Logger.getLogger(VerificationRecords.class.getName());

  /**
   * Pauses before each try to take back an unconfirmed change's events: about 23 s in all, within
   * the outbox's horizon ({@link Verification#OUTBOX_HORIZON_MILLIS}), after which the record's
   * owner drops them. A cluster that cannot answer for that long is split, and a split longer than
   * the horizon is the one window in which such events are lost (docs/reliability.md).
   */
  static final long[] RECLAIM_AFTER_MS = {1_000, 2_000, 4_000, 8_000, 8_000};

  /**
   * Pauses between tries of a change that must be kept while the cluster does not confirm it (a
   * member just joined or left and partitions are moving): about 4 s in all, well within a client's
   * usual 10 s timeout. A cluster that cannot confirm a write for longer is split; the change's
   * caller then fails, and what it did is settled another way (a send's claim is looked up at its
   * provider).
   */
  static final long[] RETRY_UNCONFIRMED_MS = {100, 300, 600, 1_000, 2_000};

  /** How long a verification's written events are gathered before its outbox is trimmed. */
  static final long TRIM_AFTER_MS = 2_000;

  /** How often the outboxes gathered long enough are trimmed: small batches, not a burst. */
  static final long TRIM_EVERY_MS = 250;

  private final Vertx vertx;
  private final VerificationStore store;
  private final EventStream events;
  private final Membership membership;
  private final Clock clock;
  private final AtomicInteger gaveUp = new AtomicInteger();
  private volatile long warnedAt = Long.MIN_VALUE / 2;

  /**
   * Per verification, in the order first gathered: the numbers of its events written since its last
   * trim, and when the first of them was gathered. Guarded by itself.
   */
  private final Map<String, long[]> written = new LinkedHashMap<>();

  private long trimTimer = -1;

  public VerificationRecords(
      Vertx vertx,
      VerificationStore store,
      EventStream events,
      Membership membership,
      Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.events = events;
    this.membership = membership;
    this.clock = clock;
  }

  /** Starts trimming the outboxes of what the ledger wrote. */
  public void start() {
    trimTimer = vertx.setPeriodic(TRIM_EVERY_MS, t -> trimWritten());
  }

  public void stop() {
    vertx.cancelTimer(trimTimer);
  }

  /**
   * Stores a new verification and publishes its start, after {@code before}: what the start's
   * checks put on record (a fraud flag, a SIM-swap look-up), written with it instead of on their
   * own. When the store fails, {@code before} is published alone, and then the failure is passed
   * on.
   */
  public Future<Verification> create(Verification v, List<Event> before) {
    return store
        .create(v)
        .onFailure(failure -> reclaimIfUnconfirmed(v.id(), failure))
        .transform(
            created -> {
              if (created.failed()) {
                return before.isEmpty()
                    ? Future.failedFuture(created.cause())
                    : events
                        .publish(before)
                        .transform(done -> Future.failedFuture(created.cause()));
              }
              List<Event> emitted = created.result();
              List<Event> written = emitted;
              if (!before.isEmpty()) {
                written = new ArrayList<>(before.size() + emitted.size());
                written.addAll(before);
                written.addAll(emitted);
              }
              return events.publish(written).onSuccess(done -> gatherWritten(v.id(), emitted));
            })
        .map(v);
  }

  public Future<Verification> get(String id) {
    return store.get(id);
  }

  /**
   * Applies a transition and publishes what it emitted.
   *
   * @param tenantId the owner it must have, or null for the gateway's own changes
   * @return null when there is no such verification (for that tenant)
   */
  public <R> Future<VerificationStore.Updated<R>> update(
      String id, String tenantId, Transition<R> transition) {
    return store
        .update(id, tenantId, transition)
        .onFailure(failure -> reclaimIfUnconfirmed(id, failure))
        .compose(this::publish);
  }

  private <R> Future<VerificationStore.Updated<R>> publish(VerificationStore.Updated<R> updated) {
    return updated == null
        ? Future.succeededFuture(null)
        : publish(updated.verification().id(), updated.events()).map(updated);
  }

  /** Publishes a verification's events, and gathers them for its trim once they are written. */
  private Future<Void> publish(String id, List<Event> emitted) {
    return events.publish(emitted).onSuccess(done -> gatherWritten(id, emitted));
  }

  private void gatherWritten(String id, List<Event> emitted) {
    long numbers = Verification.numbersOf(id, emitted);
    if (numbers == 0) {
      return;
    }
    long now = clock.millis();
    synchronized (written) {
      written.computeIfAbsent(id, k -> new long[] {0, now})[0] |= numbers;
    }
  }

  /**
   * Drops from their outboxes the events gathered for {@link #TRIM_AFTER_MS}, the verifications of
   * a partition in one operation. A trim that fails changes nothing that matters: the events wait
   * out the horizon, as before. Nor is a trim the cluster did not confirm taken back: every change
   * stamps the events it emitted, so a trim finds none unstamped and emits none of its own, and a
   * member cut off from the cluster would only pile up retries of it.
   */
  Future<Void> trimWritten() {
    long now = clock.millis();
    Map<String, Long> due = new HashMap<>();
    synchronized (written) {
      Iterator<Map.Entry<String, long[]>> oldestFirst = written.entrySet().iterator();
      while (oldestFirst.hasNext()) {
        Map.Entry<String, long[]> e = oldestFirst.next();
        if (e.getValue()[1] > now - TRIM_AFTER_MS) {
          break;
        }
        due.put(e.getKey(), e.getValue()[0]);
        oldestFirst.remove();
      }
    }
    if (due.isEmpty()) {
      return Future.succeededFuture();
    }
    return store
        .dropWritten(due)
        .recover(
            failure -> {
              LOG.fine(() -> "outboxes of " + due.size() + " were not all trimmed: " + failure);
              return Future.succeededFuture();
            });
  }

  /**
   * Applies a change that must be kept, because the world already saw it (a provider took a
   * message): while the cluster does not confirm it, tries again ({@link #RETRY_UNCONFIRMED_MS}),
   * each try taking back the events an earlier kept try left unpublished ({@link
   * Transition.Retried}). The change must be idempotent.
   */
  public <R> Future<VerificationStore.Updated<R>> updateUntilConfirmed(
      String id, Transition<R> change) {
    return storeUntilConfirmed(id, change, 0).compose(this::publish);
  }

  private <R> Future<VerificationStore.Updated<R>> storeUntilConfirmed(
      String id, Transition<R> change, int tried) {
    Transition<R> attempt =
        tried == 0 ? change : new Transition.Retried<>(change, membership.self());
    return store
        .update(id, null, attempt)
        .recover(
            failure -> {
              if (!unconfirmed(failure) || tried == RETRY_UNCONFIRMED_MS.length) {
                reclaimIfUnconfirmed(id, failure);
                return Future.failedFuture(failure);
              }
              return vertx
                  .timer(RETRY_UNCONFIRMED_MS[tried], TimeUnit.MILLISECONDS)
                  .compose(later -> storeUntilConfirmed(id, change, tried + 1));
            });
  }

  /** A store's failure that leaves the change's fate open: kept by the owner or not. */
  private static boolean unconfirmed(Throwable failure) {
    return failure instanceof GatewayException g && g.kind() == Kind.UNAVAILABLE;
  }

  private void reclaimIfUnconfirmed(String id, Throwable failure) {
    if (unconfirmed(failure)) {
      reclaim(id, 0);
    }
  }

  /**
   * One WARNING a minute at most, with how many: a member cut off for long gives up on every change
   * it made, and a line each would flood the log.
   */
  private void gaveUp(String id) {
    int since = gaveUp.incrementAndGet();
    long now = clock.millis();
    if (now - warnedAt >= 60_000) {
      warnedAt = now;
      gaveUp.addAndGet(-since);
      LOG.warning(
          since
              + " unconfirmed change(s) (the last of "
              + id
              + ") could not be taken back: their records did not answer for "
              + LongStream.of(RECLAIM_AFTER_MS).sum() / 1_000
              + " s; if the owner kept such a change, its events are lost");
    } else {
      LOG.fine(() -> "the events of an unconfirmed change of " + id + " could not be taken back");
    }
  }

  private void reclaim(String id, int tried) {
    if (tried == RECLAIM_AFTER_MS.length) {
      gaveUp(id);
      return;
    }
    vertx.setTimer(
        RECLAIM_AFTER_MS[tried],
        t ->
            store
                .update(id, null, new Transition.Reclaim(membership.self(), clock.millis()))
                .compose(this::publish)
                .onFailure(e -> reclaim(id, tried + 1)));
  }

  /** Publishes events that belong to no stored verification (a refused start). */
  public Future<Void> publish(List<Event> refusals) {
    return events.publish(refusals);
  }
}
