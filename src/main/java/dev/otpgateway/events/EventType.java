package dev.otpgateway.events;

import java.util.Locale;

/**
 * Every kind of change in a verification's life (DESIGN §6a). The ledger, the metrics and the
 * tenants' status callbacks all read these, and only these.
 */
public enum EventType {
  /** A verification was created. */
  STARTED,
  /** Its code is held while the app waits for a push acknowledgement. */
  PENDING_PUSH,
  /** A provider accepted a message: money was spent. Carries the price and the decision. */
  SENT,
  /** A provider did not take a message (an error, a refusal, an open breaker). */
  SEND_FAILED,
  /** A receipt said the message reached the handset. */
  DELIVERED,
  /** A receipt said it did not, or none came in time, or an RCS message was revoked. */
  UNDELIVERED,
  /** The gateway moved on to another provider. */
  FAILOVER,
  /** A second start for the same number sent the live code again. */
  RESENT,
  /** The right code was checked: the verification is approved (a conversion). */
  APPROVED,
  /** A check did not approve: a wrong code, too many, or a code no longer usable. */
  CHECK_FAILED,
  /** The code's lifetime ended before it was approved. */
  EXPIRED,
  /** The push was acknowledged in time: nothing (more) is sent. */
  CANCELED,
  /** A start was refused (its code says why); nothing was sent. */
  REFUSED,
  /** The fraud guard blocked a start. */
  FRAUD_BLOCKED,
  /** The fraud guard would have blocked a start, but records only. */
  FRAUD_FLAGGED,
  /** A tenant's spend this month crossed one of its budget thresholds. */
  BUDGET_THRESHOLD,
  /** The network was asked whether the number's SIM changed lately: a paid look-up. */
  SIM_SWAP_CHECKED;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /**
   * Whether an event of this type can be handed to the ledger more than once, so that its writer
   * must remember the id to write it once. A verification's changes travel in its record's outbox,
   * and are published again by a member unsure whether its change went through or by one adopting a
   * departed member's outbox; a budget threshold has an id made from what it says, for a spend
   * update that is retried. A start's notes and refusals are not: the member that makes one
   * publishes it once, under an id minted for it, and nothing holds it to publish again.
   */
  public boolean publishedAgain() {
    return switch (this) {
      case REFUSED, FRAUD_BLOCKED, FRAUD_FLAGGED, SIM_SWAP_CHECKED -> false;
      default -> true;
    };
  }

  /** The snake_case name the ledger and the callbacks use. */
  public String wireName() {
    return wireName;
  }

  /** The type a wire name names. */
  public static EventType fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
