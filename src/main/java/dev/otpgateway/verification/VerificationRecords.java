package dev.otpgateway.verification;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventStream;
import io.vertx.core.Future;
import java.util.List;

/**
 * The verifications as the lifecycle changes them: every change goes to the store, and the events
 * the change emitted go to the event stream. Each call resolves once those events are durable in
 * the ledger, so whatever a caller then answers or does is on record even if this process dies
 * right after.
 */
public final class VerificationRecords {
  private final VerificationStore store;
  private final EventStream events;

  public VerificationRecords(VerificationStore store, EventStream events) {
    this.store = store;
    this.events = events;
  }

  /** Stores a new verification and publishes its start. */
  public Future<Verification> create(Verification v, long keepUntil) {
    return store.create(v, keepUntil).compose(emitted -> events.publish(emitted)).map(v);
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
        .compose(
            updated ->
                updated == null
                    ? Future.succeededFuture(null)
                    : events.publish(updated.events()).map(updated));
  }

  /** Publishes events that belong to no stored verification (a refused start). */
  public Future<Void> publish(List<Event> refusals) {
    return events.publish(refusals);
  }
}
