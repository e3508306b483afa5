package dev.otpgateway.verification;

import dev.otpgateway.delivery.Breakers;
import dev.otpgateway.delivery.Candidate;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.providers.RcsProvider;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.Conversions;
import dev.otpgateway.routing.Exploration;
import dev.otpgateway.routing.ProviderHealth;
import dev.otpgateway.routing.RcsCapability;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.Region;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.routing.RouteCandidate;
import dev.otpgateway.routing.RouteDecision;
import dev.otpgateway.routing.RouteReason;
import dev.otpgateway.routing.RouteRequest;
import dev.otpgateway.routing.Volumes;
import dev.otpgateway.tenancy.Tenant;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Gathers what a routing decision needs (handset RCS capability, provider health, this month's
 * volumes, what approvals say about each route, and a seed for the decision's exploration), asks
 * the rules in force, and turns the decision into candidates to deliver through.
 */
public final class RoutePlanner {
  private final RulesInForce rules;
  private final Supplier<ProviderHealth> health;
  private final Supplier<Volumes> volumes;
  private final Supplier<Conversions> conversions;
  private final Supplier<Exploration> exploration;
  private final RcsProvider rcs;
  private final Breakers breakers;
  private final Set<String> available;

  /**
   * @param available the providers that have an adapter; the rules may name others, which are never
   *     chosen here
   * @param rcs the RCS provider, or null when none is configured
   * @param breakers the providers' breakers; the failures of a capability check that asks {@code
   *     rcs} count toward its breaker
   * @param conversions what approvals say about each route; {@link Conversions#OFF} for quality by
   *     receipts
   * @param exploration a fresh exploration (share and seed) for each decision that sends
   */
  public RoutePlanner(
      RulesInForce rules,
      Supplier<ProviderHealth> health,
      Supplier<Volumes> volumes,
      Supplier<Conversions> conversions,
      Supplier<Exploration> exploration,
      Set<String> available,
      RcsProvider rcs,
      Breakers breakers) {
    this.rules = rules;
    this.health = health;
    this.volumes = volumes;
    this.conversions = conversions;
    this.exploration = exploration;
    this.available = Set.copyOf(available);
    this.rcs = rcs;
    this.breakers = breakers;
  }

  /** What routing needs to know about one send. */
  public record PlanRequest(
      Tenant tenant,
      Destination destination,
      Risk risk,
      ChannelPreference channel,
      boolean consent,
      int segments,
      Set<String> exclude) {}

  /** Providers that can carry messages here (configured, with an adapter). */
  public Set<String> available() {
    return available;
  }

  /**
   * The route for one send.
   *
   * @param request its {@code exclude} names providers already tried for this code, which a
   *     failover must not choose again
   */
  public Future<RoutePlan> plan(PlanRequest request) {
    return inputs(request, exploration.get())
        .map(in -> toPlan(in, in.decide(rules.decider()), request));
  }

  /**
   * The whole decision, with every score and exclusion, for previews: ranked by the conversion
   * estimates' means, as every decision that does not explore is.
   */
  public Future<RouteDecision> decide(PlanRequest request) {
    return inputs(request, Exploration.NONE).map(in -> in.decide(rules.decider()));
  }

  /** Everything one decision is a function of, gathered at one instant. */
  private record Inputs(
      RouteRequest request,
      ProviderHealth health,
      Volumes volumes,
      Conversions conversions,
      Exploration exploration) {
    RouteDecision decide(dev.otpgateway.routing.RouteDecider decider) {
      return decider.decide(request, health, volumes, conversions, exploration);
    }
  }

  private Future<Inputs> inputs(PlanRequest request, Exploration exploration) {
    return rcsCapability(request)
        .map(
            capability ->
                new Inputs(
                    new RouteRequest(
                        request.destination().e164(),
                        request.destination().country(),
                        request.risk(),
                        request.channel(),
                        request.consent(),
                        capability,
                        request.segments(),
                        request.tenant().id(),
                        request.tenant().allowedCountries() == null
                            ? null
                            : new HashSet<>(request.tenant().allowedCountries())),
                    health.get(),
                    volumes.get(),
                    conversions.get(),
                    exploration));
  }

  /**
   * Asks RBM only when RCS could be chosen: the region allows it and the request doesn't rule it
   * out.
   */
  private Future<RcsCapability> rcsCapability(PlanRequest request) {
    if (rcs == null) {
      return Future.succeededFuture(RcsCapability.NO_ADAPTER);
    }
    if (request.channel() == ChannelPreference.SMS) {
      return Future.succeededFuture(RcsCapability.NOT_CAPABLE);
    }
    if (request.exclude().contains(rcs.name())) {
      // A failover after RBM was tried for this code: RBM only ever carries a code to a handset
      // the check said takes RCS, so that is what this decision is made with. RBM then ranks
      // where it did and the plan skips it as already tried, as it skips a tried SMS provider,
      // instead of the record claiming the handset cannot take RCS.
      return Future.succeededFuture(RcsCapability.CAPABLE);
    }
    Region region = rules.current().rules().regionFor(request.destination().country());
    if (!region.channels().contains(Channel.RCS)) {
      return Future.succeededFuture(RcsCapability.NOT_CAPABLE);
    }
    String e164 = request.destination().e164();
    Optional<Boolean> known = rcs.knownCapability(e164);
    if (known.isPresent()) {
      return Future.succeededFuture(RcsCapability.answered(known.get()));
    }
    // The question answers to RBM's breaker, as its sends do: checks that time out open it, and
    // an open breaker answers at once. Without it, while RBM hangs, every start to a number not
    // remembered would wait out RBM's whole timeout before its code went by SMS. A remembered
    // answer stays outside the breaker, so it never passes for a half-open breaker's trial.
    // A capability check that fails says nothing about the handset: send SMS rather than nothing,
    // and say in the decision's record that RBM did not answer (not that the handset said no).
    return breakers
        .executeCountingFailures(rcs.name(), () -> rcs.isRcsCapable(e164))
        .map(RcsCapability::answered)
        .otherwise(RcsCapability.UNANSWERED);
  }

  private RoutePlan toPlan(Inputs in, RouteDecision d, PlanRequest request) {
    List<Candidate> candidates = new ArrayList<>(d.candidates().size());
    List<RecordedDecision.Left> skipped = new ArrayList<>();
    for (RouteCandidate c : d.candidates()) {
      if (request.exclude().contains(c.provider())) {
        skipped.add(
            new RecordedDecision.Left(
                c.provider(), c.channel(), RouteReason.PassedOver.ALREADY_TRIED.code()));
      } else if (!available.contains(c.provider())) {
        skipped.add(
            new RecordedDecision.Left(
                c.provider(), c.channel(), RouteReason.PassedOver.NOT_CONFIGURED.code()));
      } else {
        candidates.add(
            new Candidate(
                c.provider(),
                c.channel(),
                c.senderId(),
                c.estimatedCostUsd(),
                c.carbonGrams(),
                c.deliveryTimeout()));
      }
    }
    return new RoutePlan(
        d.region(),
        d.rulesVersion(),
        // The provider it sends through, not one ranked ahead of it that it passed over.
        d.whyAfterSkipping(skipped),
        candidates,
        d.refused() ? d.refusal().code().code() : null,
        d.refused() ? d.refusal().detail() : null,
        d.baseline() == null ? BigDecimal.ZERO : d.baseline().estimatedCostUsd(),
        RecordedDecision.of(
            in.request(),
            in.health(),
            in.volumes(),
            in.conversions(),
            in.exploration(),
            d,
            skipped));
  }
}
