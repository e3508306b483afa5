package dev.otpgateway.delivery;

import dev.otpgateway.routing.BreakerState;
import java.util.function.Consumer;

/**
 * Where members tell each other that a provider's breaker opened or closed. Each member keeps its
 * own breaker (DESIGN §6); a change one member saw is published, so the others stop sending into a
 * provider that is down (or use one that is back) without each first failing on its own.
 */
public interface BreakerBus {

  /** A breaker's new state, as the member that saw the change reports it. */
  record Change(String provider, BreakerState state, String member) {}

  /** Tells every other member. */
  void publish(Change change);

  /** Hears the other members' changes (never this member's own). */
  void subscribe(Consumer<Change> listener);

  /** For a single member: nobody to tell. */
  BreakerBus NONE =
      new BreakerBus() {
        @Override
        public void publish(Change change) {}

        @Override
        public void subscribe(Consumer<Change> listener) {}
      };
}
