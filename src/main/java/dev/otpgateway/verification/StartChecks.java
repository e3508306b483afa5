package dev.otpgateway.verification;

import dev.otpgateway.abuse.FraudDecision;
import dev.otpgateway.abuse.FraudGuard;
import dev.otpgateway.abuse.FraudSignals;
import dev.otpgateway.abuse.SimSwapGuard;
import dev.otpgateway.abuse.TenantRateLimiter;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.events.Ids;
import dev.otpgateway.ledger.Budgets;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantSimSwap;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a start must pass before anything is routed or stored (DESIGN §3 step 2), once this member
 * has {@link Admission admitted} it, in this order: the tenant's rate, its countries, the fraud
 * guard, its monthly budget, and the SIM-swap check. Each refusal is a problem the client can act
 * on; the starter records it (a {@code refused} or {@code fraud_blocked} event) before it answers.
 * What passed but must still be on record (a start the guard flagged, a paid SIM-swap look-up)
 * comes back as events to publish.
 */
public final class StartChecks {
  /** How long a client should wait before asking again after a look-up failed. */
  private static final long LOOKUP_RETRY_SECONDS = 30;

  private final TenantRateLimiter tenantLimiter;
  private final Budgets budgets;
  private final FraudGuard fraud;
  private final SimSwapGuard simSwaps;
  private final BigDecimal lookupPriceUsd;
  private final Clock clock;

  /**
   * @param lookupPriceUsd what one SIM-swap look-up costs, for the ledger
   */
  public StartChecks(
      TenantRateLimiter tenantLimiter,
      Budgets budgets,
      FraudGuard fraud,
      SimSwapGuard simSwaps,
      BigDecimal lookupPriceUsd,
      Clock clock) {
    this.tenantLimiter = tenantLimiter;
    this.budgets = budgets;
    this.fraud = fraud;
    this.simSwaps = simSwaps;
    this.lookupPriceUsd = lookupPriceUsd;
    this.clock = clock;
  }

  /**
   * A start that passed, with what must be on record although it passed.
   *
   * @param notes events to publish: a {@code fraud_flagged} start, a {@code sim_swap_checked}
   */
  record Admission(List<Event> notes) {}

  /**
   * A start refused, with the event that records it and what else must be on record.
   *
   * @param type {@link EventType#REFUSED} or {@link EventType#FRAUD_BLOCKED}
   * @param detail what the ledger keeps beside the refusal code (a block's signals); never shown to
   *     the client
   */
  static final class Refusal extends RuntimeException {
    final GatewayException problem;
    final EventType type;
    final Map<String, String> detail;
    final List<Event> notes;

    Refusal(
        GatewayException problem, EventType type, Map<String, String> detail, List<Event> notes) {
      super(problem.getMessage(), null, false, false);
      this.problem = problem;
      this.type = type;
      this.detail = Map.copyOf(detail);
      this.notes = List.copyOf(notes);
    }
  }

  Future<Admission> admit(Tenant tenant, StartCommand command) {
    long wait = tenantLimiter.acquire(tenant.id(), tenant.limits().requestsPerSecond());
    if (wait > 0) {
      return Future.failedFuture(
          GatewayException.rateLimited(
              "tenant_rate_limited",
              "tenant '"
                  + tenant.id()
                  + "' may start "
                  + tenant.limits().requestsPerSecond()
                  + " verifications per second",
              (wait + 999) / 1000));
    }
    Destination to = command.destination();
    if (!tenant.allowsCountry(to.country())) {
      return Future.failedFuture(
          GatewayException.of(
              Kind.FORBIDDEN,
              "country_not_permitted",
              "tenant '"
                  + tenant.id()
                  + "' may not send codes to "
                  + to.country()
                  + "; allowed: "
                  + tenant.allowedCountries()));
    }
    if (!command.fraudCheck() && !tenant.fraud().allowBypass()) {
      return Future.failedFuture(
          GatewayException.of(
              Kind.FORBIDDEN,
              "fraud_bypass_not_allowed",
              "tenant '" + tenant.id() + "' may not skip the fraud check (fraud_check: false)"));
    }
    FraudDecision decision = fraud.assess(tenant, to.e164(), to.country(), !command.fraudCheck());
    List<Event> notes = new ArrayList<>(2);
    if (decision.verdict() == FraudDecision.Verdict.BLOCKED) {
      return Future.failedFuture(
          new Refusal(
              GatewayException.of(
                  Kind.FORBIDDEN,
                  "fraud_blocked",
                  "this start looks like SMS pumping and was refused; if it is real traffic, the"
                      + " tenant can safe-list the number or its prefix"),
              EventType.FRAUD_BLOCKED,
              signals(decision),
              notes));
    }
    if (decision.verdict() == FraudDecision.Verdict.FLAGGED) {
      notes.add(
          note(EventType.FRAUD_FLAGGED, "frd_", tenant, to)
              .outcome(decision.primarySignal())
              .details(signals(decision))
              .build());
    }
    return budgets
        .admit(tenant)
        .recover(e -> Future.failedFuture(refusal(e, notes)))
        .compose(ok -> simSwap(tenant, command, notes))
        .map(ok -> new Admission(notes));
  }

  private Future<Void> simSwap(Tenant tenant, StartCommand command, List<Event> notes) {
    Destination to = command.destination();
    return simSwaps
        .check(tenant, to.e164(), command.risk() == Risk.HIGH)
        .compose(
            check -> {
              if (check.lookedUp()) {
                notes.add(
                    note(EventType.SIM_SWAP_CHECKED, "sim_", tenant, to)
                        .message("twilio", null, 0, 0)
                        .cost(lookupPriceUsd, null, 0)
                        .outcome(check.outcome().name().toLowerCase(java.util.Locale.ROOT))
                        .build());
              }
              return switch (check.outcome()) {
                case NOT_CHECKED, NOT_SWAPPED -> Future.succeededFuture();
                case SWAPPED ->
                    Future.failedFuture(
                        refusal(
                            GatewayException.of(
                                Kind.UNPROCESSABLE,
                                "recent_sim_swap",
                                "this number's SIM changed within the last "
                                    + tenant.simSwap().maxAgeDays()
                                    + " days: a code by SMS is not a safe factor for it now"),
                            notes));
                case LOOKUP_FAILED ->
                    tenant.simSwap().onLookupError() == TenantSimSwap.OnLookupError.ALLOW
                        ? Future.succeededFuture()
                        : Future.failedFuture(
                            refusal(
                                GatewayException.unavailable(
                                    "sim_swap_lookup_failed",
                                    "whether this number's SIM changed lately could not be"
                                        + " checked, and the tenant refuses starts without it",
                                    LOOKUP_RETRY_SECONDS),
                                notes));
              };
            });
  }

  /** A refusal to record, or, when the failure is our own fault, the failure as it is. */
  private static Throwable refusal(Throwable failure, List<Event> notes) {
    return failure instanceof GatewayException problem
            && (problem.kind().status < 500 || problem.kind() == Kind.UNAVAILABLE)
        ? new Refusal(problem, EventType.REFUSED, Map.of(), notes)
        : failure;
  }

  private Event.Builder note(EventType type, String idPrefix, Tenant tenant, Destination to) {
    return Event.builder(Ids.mint(idPrefix), type, clock.millis(), tenant.id())
        .verification(null, to.e164(), to.country());
  }

  /** A decision's signals as the ledger keeps them: one line each, in order. */
  private static Map<String, String> signals(FraudDecision decision) {
    Map<String, String> detail = new LinkedHashMap<>();
    List<FraudSignals.Signal> fired = decision.signals();
    for (int i = 0; i < fired.size(); i++) {
      detail.put("signal_" + (i + 1), fired.get(i).describe());
    }
    return detail;
  }
}
