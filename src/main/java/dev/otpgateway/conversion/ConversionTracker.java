package dev.otpgateway.conversion;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventSink;
import dev.otpgateway.routing.Conversions;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Learns each route's conversions from the event stream: a {@code sent} event is a message on its
 * route (provider, destination country, channel), an {@code approved} event a conversion credited
 * to the route of the attempt the person read the code from (the latest accepted one, also after a
 * resend or a failover). Counting is local and cheap; every {@code flush} interval the node adds
 * its counts to the cluster's ({@link ConversionStore}) and reads everyone's evidence back, which
 * routing then scores quality with. So a decision may lag the cluster by that interval.
 */
public final class ConversionTracker implements EventSink {
  private static final Logger LOG = Logger.getLogger(ConversionTracker.class.getName());

  private final Vertx vertx;
  private final ConversionStore store;
  private final Clock clock;
  private ConversionDelta pending = new ConversionDelta();
  private volatile Conversions current = Conversions.NONE_YET;
  private long timer = -1;
  private volatile boolean flushing;

  public ConversionTracker(Vertx vertx, ConversionStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void accept(List<Event> events) {
    for (Event e : events) {
      if (e.provider() == null || e.channel() == null || e.country() == null) {
        continue;
      }
      switch (e.type()) {
        case SENT -> count(d -> d.sent(route(e), e.at()));
        case APPROVED -> count(d -> d.approved(route(e), e.at() - e.latencyMs(), e.latencyMs()));
        default -> {
          // Only sends and approvals are conversion evidence.
        }
      }
    }
  }

  private static String route(Event e) {
    return Conversions.key(e.provider(), e.country(), e.channel());
  }

  private synchronized void count(java.util.function.Consumer<ConversionDelta> change) {
    change.accept(pending);
  }

  private synchronized ConversionDelta takePending() {
    ConversionDelta taken = pending;
    pending = new ConversionDelta();
    return taken;
  }

  private synchronized void putBack(ConversionDelta delta) {
    delta.addAll(pending);
    pending = delta;
  }

  /** The cluster's evidence as of the last flush. */
  public Conversions current() {
    return current;
  }

  public void start(Duration every) {
    timer = vertx.setPeriodic(every.toMillis(), id -> flush());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Shares this node's counts and reads the cluster's evidence back; one flush at a time. */
  void flush() {
    if (flushing) {
      return;
    }
    flushing = true;
    ConversionDelta delta = takePending();
    store
        .addAndRead(delta, clock.millis())
        .onComplete(
            done -> {
              flushing = false;
              if (done.succeeded()) {
                current = Conversions.of(done.result());
              } else {
                putBack(delta);
                LOG.log(Level.WARNING, "conversions not shared: " + done.cause().getMessage());
              }
            });
  }
}
