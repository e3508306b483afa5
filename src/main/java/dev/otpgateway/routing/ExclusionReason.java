package dev.otpgateway.routing;

/**
 * Why a provider cannot carry a message on a channel. The {@link #code()} values are a contract:
 * the route preview, the audit ledger and dashboards show them.
 */
public enum ExclusionReason {
  /** The region does not allow the provider's channel here. */
  CHANNEL_UNSUPPORTED("channel_unsupported"),
  /** The region's rules have no entry for the provider. */
  NOT_IN_REGION("not_in_region"),
  /** The region requires processing in a residency zone the provider does not offer. */
  RESIDENCY("residency"),
  /** The region requires a registered sender and template, and this provider has none. */
  SENDER_NOT_REGISTERED("sender_not_registered"),
  /** The request asked for the other channel. */
  CHANNEL_NOT_REQUESTED("channel_not_requested"),
  /** RCS, but the handset cannot receive RCS. */
  NOT_RCS_CAPABLE("not_rcs_capable"),
  /** RCS, but RBM did not answer whether the handset can receive it. */
  RCS_CAPABILITY_UNANSWERED("rcs_capability_unanswered"),
  /** SMS, but the region does not accept SMS for this risk level. */
  SMS_NOT_PERMITTED_FOR_RISK("sms_not_permitted_for_risk"),
  /** The provider's circuit breaker is open. */
  CIRCUIT_OPEN("circuit_open"),
  /**
   * The provider has no adapter (no credentials) on this gateway. Routing excludes an RCS lane for
   * it, since without the adapter nobody could ask whether the handset takes RCS; an SMS provider
   * without one is ranked, then skipped, as the route preview and the ledger show.
   */
  NOT_CONFIGURED("not_configured");

  private final String code;

  ExclusionReason(String code) {
    this.code = code;
  }

  /** The stable snake_case code. */
  public String code() {
    return code;
  }
}
