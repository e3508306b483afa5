package dev.otpgateway.ledger;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.List;

/**
 * Each tenant's spend this month, shared by every member, and which of its budget thresholds the
 * spend has crossed. One atomic step adds and compares, so a threshold is crossed once in the
 * cluster, whichever member's addition crosses it.
 */
public interface SpendStore {

  /**
   * Adds to a tenant's spend for the month.
   *
   * @param thresholds the amounts (share × budget) to compare the new total with
   * @return the month's total after the addition, and the thresholds this addition crossed first
   */
  Future<Spend> add(String tenant, String month, BigDecimal usd, List<BigDecimal> thresholds);

  /**
   * Sets a month's spend where none is kept yet (a cluster starting from the ledger's record); the
   * thresholds it is already past count as crossed.
   */
  Future<Void> seed(String tenant, String month, BigDecimal usd, List<BigDecimal> thresholds);

  /** A tenant's spend this month, as the cluster counts it. */
  record Spend(BigDecimal totalUsd, List<BigDecimal> crossed) {}
}
