package dev.otpgateway.events;

import java.util.List;

/**
 * A consumer of the event stream that acts on events once they are durable: the metrics and the
 * status callbacks. It must not block, and must not fail the stream: it handles its own errors.
 */
public interface EventSink {
  void accept(List<Event> events);
}
