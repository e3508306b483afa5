package dev.otpgateway.verification;

import dev.otpgateway.numbers.Destination;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.routing.RouteDecision;
import dev.otpgateway.tenancy.Tenant;
import io.vertx.core.Future;
import java.util.Set;

/** Turns a request into a route: the routing decision, with what it needs to know gathered. */
public interface RoutePlanner {

  /**
   * @param exclude providers already tried for this code, which a failover must not choose again
   */
  Future<RoutePlan> plan(PlanRequest request);

  /** The whole decision, with every score and exclusion, for previews. */
  Future<RouteDecision> decide(PlanRequest request);

  /** Providers that can carry messages here (configured, with an adapter). */
  Set<String> available();

  /** What routing needs to know about one send. */
  record PlanRequest(
      Tenant tenant,
      Destination destination,
      Risk risk,
      ChannelPreference channel,
      boolean consent,
      int segments,
      Set<String> exclude) {}
}
