package dev.otpgateway.providers.simulator;

import dev.otpgateway.providers.DeliveryReceipt;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * One provider's wire API as the simulator speaks it: the same paths, authentication, bodies,
 * errors and signed receipts as the real one, accepting exactly what the real one accepts.
 */
public interface SimulatedApi {

  /** The provider's name; its routes are served under {@code /<name>}. */
  String name();

  /** Adds the provider's routes, relative to its mount point, e.g. {@code /messages}. */
  void mount(Router router, SimulatorContext context);

  /**
   * The per-number settings only this provider reads, which its control API then takes: {@code
   * rcs_capable} (RBM's capability check), {@code sim_swapped} (Twilio Lookup).
   */
  default Set<String> ownSettings() {
    return Set.of();
  }

  /** Answers an injected error with this status, in the provider's own error format. */
  void respondInjectedError(RoutingContext routing, int status);

  /** Sends the provider's signed receipt for a message to its callback URL. */
  Future<Void> sendReceipt(SimulatedMessage message, DeliveryReceipt.Status status);
}
