package dev.otpgateway.cluster;

import com.hazelcast.topic.ITopic;
import dev.otpgateway.delivery.BreakerBus;
import dev.otpgateway.routing.BreakerState;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * Breaker changes on a Hazelcast topic, as three small strings. Listeners run on a Vert.x context,
 * not on Hazelcast's event thread.
 */
final class HazelcastBreakerBus implements BreakerBus {
  private final ITopic<String> topic;
  private final Vertx vertx;
  private final String self;

  HazelcastBreakerBus(ITopic<String> topic, Vertx vertx, String self) {
    this.topic = topic;
    this.vertx = vertx;
    this.self = self;
  }

  @Override
  public void publish(Change change) {
    topic.publishAsync(change.provider() + ' ' + change.state().name() + ' ' + self);
  }

  @Override
  public void subscribe(Consumer<Change> listener) {
    topic.addMessageListener(
        message -> {
          String[] parts = message.getMessageObject().split(" ", 3);
          if (parts.length != 3 || parts[2].equals(self)) {
            return;
          }
          Change change = new Change(parts[0], BreakerState.valueOf(parts[1]), parts[2]);
          vertx.runOnContext(v -> listener.accept(change));
        });
  }
}
