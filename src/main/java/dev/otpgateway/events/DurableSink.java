package dev.otpgateway.events;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * The consumer that makes events durable: the ledger. Its future completes once the events are
 * written where a crash of this process cannot take them; events handed over in order are written
 * in order.
 */
public interface DurableSink {
  /**
   * Makes events durable.
   *
   * @param recorded receives, on the caller's context, the events this call recorded for the first
   *     time, once they are durable: not those this member or another recorded before (an event
   *     handed over again by a member unsure whether its change went through, or by a survivor that
   *     adopted it). It runs even when the returned future has failed for want of patience, since
   *     the events stay queued and are written later.
   */
  Future<Void> append(List<Event> events, Consumer<List<Event>> recorded);
}
