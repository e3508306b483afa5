package dev.otpgateway.routing;

/**
 * Why a whole request is refused. The {@link #code()} values are a contract (problem+json and the
 * ledger show them). An outage is not a refusal: when only open breakers stop a message, the
 * decision has no candidates and no refusal.
 */
public enum RefusalCode {
  /** The tenant may not send to this country (HTTP 403). */
  COUNTRY_NOT_PERMITTED("country_not_permitted"),
  /** The region requires recorded consent and the request has none (HTTP 422). */
  CONSENT_REQUIRED("consent_required"),
  /** SMS is all that is left and the region does not accept it for this risk (HTTP 422). */
  SMS_NOT_PERMITTED_FOR_RISK("sms_not_permitted_for_risk"),
  /**
   * No provider can carry the channel the request insists on, e.g. {@code rcs} to a handset that
   * cannot take RCS (HTTP 422).
   */
  CHANNEL_UNAVAILABLE("channel_unavailable");

  private final String code;

  RefusalCode(String code) {
    this.code = code;
  }

  /** The stable snake_case code. */
  public String code() {
    return code;
  }
}
