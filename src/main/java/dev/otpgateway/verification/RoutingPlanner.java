package dev.otpgateway.verification;

import dev.otpgateway.delivery.Candidate;
import dev.otpgateway.providers.RcsProvider;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.ProviderHealth;
import dev.otpgateway.routing.Region;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.routing.RouteCandidate;
import dev.otpgateway.routing.RouteDecision;
import dev.otpgateway.routing.RouteRequest;
import dev.otpgateway.routing.Volumes;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Gathers what a routing decision needs (handset RCS capability, provider health, this month's
 * volumes), asks the rules in force, and turns the decision into candidates to deliver through.
 */
public final class RoutingPlanner implements RoutePlanner {
  private final RulesInForce rules;
  private final Supplier<ProviderHealth> health;
  private final Supplier<Volumes> volumes;
  private final RcsProvider rcs;
  private final Set<String> available;

  /**
   * @param available the providers that have an adapter; the rules may name others, which are never
   *     chosen here
   * @param rcs the RCS provider, or null when none is configured
   */
  public RoutingPlanner(
      RulesInForce rules,
      Supplier<ProviderHealth> health,
      Supplier<Volumes> volumes,
      Set<String> available,
      RcsProvider rcs) {
    this.rules = rules;
    this.health = health;
    this.volumes = volumes;
    this.available = Set.copyOf(available);
    this.rcs = rcs;
  }

  @Override
  public Set<String> available() {
    return available;
  }

  @Override
  public Future<RoutePlan> plan(PlanRequest request) {
    return decide(request).map(decision -> toPlan(decision, request));
  }

  @Override
  public Future<RouteDecision> decide(PlanRequest request) {
    return rcsCapable(request)
        .map(
            capable -> {
              RouteRequest routeRequest =
                  new RouteRequest(
                      request.destination().e164(),
                      request.destination().country(),
                      Risk.valueOf(request.risk().toUpperCase(Locale.ROOT)),
                      ChannelPreference.valueOf(request.channel().toUpperCase(Locale.ROOT)),
                      request.consent(),
                      capable,
                      request.segments(),
                      request.tenant().id(),
                      request.tenant().allowedCountries() == null
                          ? null
                          : new HashSet<>(request.tenant().allowedCountries()));
              return rules.decider().decide(routeRequest, health.get(), volumes.get());
            });
  }

  /**
   * Asks RBM only when RCS could be chosen: the region allows it and the request doesn't rule it
   * out.
   */
  private Future<Boolean> rcsCapable(PlanRequest request) {
    if (rcs == null || "sms".equals(request.channel()) || request.exclude().contains(rcs.name())) {
      return Future.succeededFuture(false);
    }
    Region region = rules.current().rules().regionFor(request.destination().country());
    if (!region.channels().contains(Channel.RCS)) {
      return Future.succeededFuture(false);
    }
    // A capability check that fails says nothing about the handset: send SMS rather than nothing.
    return rcs.isRcsCapable(request.destination().e164()).otherwise(false);
  }

  private RoutePlan toPlan(RouteDecision d, PlanRequest request) {
    List<Candidate> candidates = new ArrayList<>(d.candidates().size());
    for (RouteCandidate c : d.candidates()) {
      if (request.exclude().contains(c.provider()) || !available.contains(c.provider())) {
        continue;
      }
      candidates.add(
          new Candidate(
              c.provider(),
              c.channel().id(),
              c.senderId(),
              c.estimatedCostUsd().doubleValue(),
              c.carbonGrams(),
              c.deliveryTimeout()));
    }
    return new RoutePlan(
        d.region(),
        d.rulesVersion(),
        d.reason(),
        candidates,
        d.refused() ? d.refusal().code().code() : null,
        d.refused() ? d.refusal().detail() : null,
        d.baseline() == null ? 0 : d.baseline().estimatedCostUsd().doubleValue());
  }
}
