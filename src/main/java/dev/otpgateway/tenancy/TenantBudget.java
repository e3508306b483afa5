package dev.otpgateway.tenancy;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * A tenant's monthly budget (DESIGN §4 Tenants): crossing each {@code alertAt} share of {@code
 * monthlyUsd} in a UTC month tells the tenant once; with {@link Action#BLOCK}, starts past 100% are
 * refused (checks of live codes still work).
 *
 * @param alertAt shares of the budget, ascending, e.g. 0.5, 0.8, 1.0
 */
public record TenantBudget(BigDecimal monthlyUsd, List<BigDecimal> alertAt, Action action)
    implements Serializable {

  public TenantBudget {
    alertAt = List.copyOf(alertAt);
  }

  /** What happens past 100%. */
  public enum Action {
    /** Only tell. */
    ALERT,
    /** Refuse new starts with 402 until the month ends or the budget is raised. */
    BLOCK
  }
}
