package dev.otpgateway.tenancy;

import java.io.Serializable;

/**
 * When a tenant's starts ask whether the number's SIM changed lately (DESIGN §6b): a code by SMS to
 * a number whose SIM was just swapped may reach whoever took the number over.
 *
 * @param maxAgeDays a swap within this many days refuses the start with 422 recent_sim_swap
 */
public record TenantSimSwap(Check check, int maxAgeDays, OnLookupError onLookupError)
    implements Serializable {
  public static final int MAX_AGE_DAYS_LIMIT = 30;

  /** High-risk starts are checked, a swap within a week refuses, a failed look-up lets through. */
  public static final TenantSimSwap DEFAULT =
      new TenantSimSwap(Check.HIGH_RISK, 7, OnLookupError.ALLOW);

  public TenantSimSwap {
    check = check == null ? Check.HIGH_RISK : check;
    onLookupError = onLookupError == null ? OnLookupError.ALLOW : onLookupError;
    maxAgeDays = maxAgeDays == 0 ? 7 : maxAgeDays;
  }

  /** Which starts are checked. */
  public enum Check {
    OFF,
    /** Only {@code risk: high} starts (payments). */
    HIGH_RISK,
    ALWAYS
  }

  /** What a look-up that fails means for the start. */
  public enum OnLookupError {
    ALLOW,
    REFUSE
  }
}
