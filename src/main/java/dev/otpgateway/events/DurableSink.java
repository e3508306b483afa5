package dev.otpgateway.events;

import io.vertx.core.Future;
import java.util.List;

/**
 * The consumer that makes events durable: the ledger. Its future completes once the events are
 * written where a crash of this process cannot take them; events handed over in order are written
 * in order.
 */
public interface DurableSink {
  Future<Void> append(List<Event> events);
}
