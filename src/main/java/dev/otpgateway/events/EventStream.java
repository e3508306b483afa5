package dev.otpgateway.events;

import io.vertx.core.Future;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one stream every change of a verification goes through: first into the ledger, then, once it
 * is durable there, to every other consumer (the metrics, the tenants' status callbacks, budgets,
 * conversion counts, the fraud guard's counts). So a tenant never hears of a change, and a
 * dashboard never counts one, that the ledger could still lose. The ledger hands on only the events
 * it recorded for the first time, so an event published again (by a member unsure whether its
 * change went through, or a survivor adopting a lost member's events) is counted and called back
 * once.
 */
public final class EventStream {
  private static final Logger LOG = Logger.getLogger(EventStream.class.getName());

  private final DurableSink ledger;
  private final List<EventSink> sinks;

  public EventStream(DurableSink ledger, List<EventSink> sinks) {
    this.ledger = ledger;
    this.sinks = List.copyOf(sinks);
  }

  /**
   * Publishes events. The future completes when they are durable; a caller that answers a client
   * waits for it, so no answered change is lost with this process.
   */
  public Future<Void> publish(List<Event> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    return ledger.append(events, this::deliver);
  }

  private void deliver(List<Event> events) {
    for (EventSink sink : sinks) {
      try {
        sink.accept(events);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "an event consumer failed on " + events, e);
      }
    }
  }
}
