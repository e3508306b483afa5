package dev.otpgateway.tenancy;

import java.io.Serializable;
import java.util.List;

/**
 * How the fraud guard treats a tenant's starts (DESIGN §6b).
 *
 * @param safeList numbers and number prefixes (E.164, e.g. {@code +1202555}) never blocked
 * @param allowBypass whether a start may skip the guard with {@code "fraud_check": false}
 */
public record TenantFraud(Mode mode, List<String> safeList, boolean allowBypass)
    implements Serializable {
  /** The guard on and blocking, nothing safe-listed, no bypass. */
  public static final TenantFraud DEFAULT = new TenantFraud(Mode.BLOCK, List.of(), false);

  public TenantFraud {
    mode = mode == null ? Mode.BLOCK : mode;
    safeList = safeList == null ? List.of() : List.copyOf(safeList);
  }

  /** What the guard does with a start it suspects. */
  public enum Mode {
    /** Refuse it: 403 fraud_blocked. */
    BLOCK,
    /** Let it through and record what the guard saw (a fraud_flagged event). */
    RECORD_ONLY,
    /** Do not assess. */
    OFF
  }

  /** Whether the number or one of its prefixes is on the safe list. */
  public boolean safe(String e164) {
    for (String entry : safeList) {
      if (e164.startsWith(entry)) {
        return true;
      }
    }
    return false;
  }
}
