package dev.otpgateway.delivery;

import io.vertx.core.Future;
import java.util.Map;

/** Monthly message counts per provider and region, shared by every node. */
public interface VolumeStore {

  /**
   * Adds this node's counts to the month's totals.
   *
   * @param month e.g. {@code 2026-11}
   * @param deltas units by {@code provider|region}
   * @return the month's cluster-wide totals after the addition
   */
  Future<Map<String, Long>> addAndRead(String month, Map<String, Long> deltas);
}
