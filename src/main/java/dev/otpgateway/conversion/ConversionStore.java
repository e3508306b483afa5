package dev.otpgateway.conversion;

import dev.otpgateway.routing.ConversionEvidence;
import io.vertx.core.Future;
import java.util.Map;

/** The cluster's conversion counts, shared by every node (see {@link ConversionBook}). */
public interface ConversionStore {

  /**
   * Adds this node's counts to the cluster's.
   *
   * @param now this node's clock, which ages the counts
   * @return every route's evidence after the addition, by {@code provider|country|channel}
   */
  Future<Map<String, ConversionEvidence>> addAndRead(ConversionDelta delta, long now);
}
