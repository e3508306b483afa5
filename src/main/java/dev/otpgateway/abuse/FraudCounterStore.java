package dev.otpgateway.abuse;

import io.vertx.core.Future;
import java.util.Map;

/** The cluster's fraud counters, by key: each member adds its counts and reads the sum back. */
public interface FraudCounterStore {

  /**
   * Adds each key's counts to the cluster's (an empty addition only reads) and answers the sums,
   * encoded as {@link WindowCounts#encode()}.
   */
  Future<Map<String, byte[]>> addAndRead(Map<String, byte[]> additions);
}
