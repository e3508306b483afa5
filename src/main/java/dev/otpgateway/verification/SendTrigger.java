package dev.otpgateway.verification;

/** Why a message went out: the first send, a resend the app asked for, or a failover. */
public enum SendTrigger {
  INITIAL("initial"),
  RESEND("resend"),
  /** The previous provider's receipt said the message failed. */
  FAILOVER_FAILURE_RECEIPT("failover:failure_receipt"),
  /** No receipt came within the region's delivery timeout. */
  FAILOVER_DELIVERY_TIMEOUT("failover:delivery_timeout"),
  /** An RCS message was not delivered in time and was revoked. */
  FAILOVER_RCS_NOT_DELIVERED("failover:rcs_not_delivered"),
  /**
   * A send was lost with its member (it died or stopped mid-send), and no provider had its message.
   */
  FAILOVER_SENDER_LOST("failover:sender_lost");

  private final String wireName;

  SendTrigger(String wireName) {
    this.wireName = wireName;
  }

  /** How the API, the ledger and the metrics spell it. */
  public String wireName() {
    return wireName;
  }

  public boolean isFailover() {
    return wireName.startsWith("failover:");
  }

  /** The failover's reason ({@code failure_receipt}, ...); only for a failover. */
  public String failoverReason() {
    return wireName.substring("failover:".length());
  }
}
