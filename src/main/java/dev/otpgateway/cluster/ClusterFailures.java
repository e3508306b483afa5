package dev.otpgateway.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.otpgateway.errors.GatewayException;

/**
 * What a client is told when the cluster, not its request, is the problem: a member cut off from
 * the majority, a write whose backup never confirmed, an operation that found no owner in time.
 * Each is a 503 the client may retry (on another member); none is a 500 of ours.
 */
final class ClusterFailures {
  private ClusterFailures() {}

  static Throwable translate(Throwable failure) {
    if (failure instanceof SplitBrainProtectionException) {
      return minority();
    }
    if (failure instanceof IndeterminateOperationStateException
        || failure instanceof OperationTimeoutException
        || failure instanceof MemberLeftException
        || failure instanceof RetryableException
        || failure instanceof HazelcastInstanceNotActiveException) {
      return GatewayException.unavailable(
          "cluster_unavailable",
          "the cluster did not confirm this change in time (a member left or is unreachable); try"
              + " again",
          1);
    }
    return failure;
  }

  /** A change refused, or undone, because this member is on the minority side of a split. */
  static GatewayException minority() {
    return GatewayException.unavailable(
        "cluster_minority",
        "this member is cut off from most of the cluster and changes nothing now; try another"
            + " member",
        2);
  }
}
