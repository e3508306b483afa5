package dev.otpgateway.routing;

/** A hard constraint that depends on the request or on provider health; evaluated per decision. */
interface RequestFilter {
  /** The code this filter excludes with. */
  ExclusionReason reason();

  /**
   * Why {@code lane} cannot be used for {@code request}, or {@code null} if this filter lets it
   * through. Must not allocate on the pass path: it runs for every lane of every decision.
   */
  String exclude(Lane lane, RouteRequest request, ProviderStatus status);

  /**
   * The request filters in the order they apply. The breaker filter comes last on purpose: a
   * message that only open breakers stop is a provider outage (502), not a refusal. An RCS check
   * RBM did not answer is an outage too; its filter may come before the risk filter because that
   * one leaves out SMS lanes only.
   */
  static RequestFilter[] inOrder() {
    return new RequestFilter[] {
      new ChannelRequestedFilter(),
      new RcsCapabilityFilter(),
      new RcsCapabilityUnansweredFilter(),
      new RcsNotConfiguredFilter(),
      new RiskFilter(),
      new BreakerFilter()
    };
  }
}
