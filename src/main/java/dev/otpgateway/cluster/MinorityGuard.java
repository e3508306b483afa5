package dev.otpgateway.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;

/**
 * Fails a change to a verification that succeeded while this member saw fewer members than writes
 * need, as Hazelcast's split-brain protection fails it a moment later.
 *
 * <p>The protection learns that members left on an executor of its own, after the member list and
 * the partition table have changed. For that moment a member cut off alone owns every partition,
 * has no backup to wait for, and is not yet refused; the changes it was retrying when it declared
 * the others gone, stuck on their unreachable owners until then, are retried on it at once and
 * succeed ({@code MinorityGuardIT} counted some 230 of 300 in flight). The fault harness found what
 * followed. A start created that way sent its code, could not record the send (the protection had
 * caught up), and was answered 503; its client started again on the majority, the heal dropped the
 * lone copy, and the handset had a code from a start nobody accepted. Read after the change, the
 * member list is at least as new as the one the change saw, so a change confirmed by a minority
 * fails here with the protection's own 503.
 */
final class MinorityGuard {
  private final Cluster cluster;
  private final int quorum;

  /**
   * @param quorum the fewest members that may change verifications ({@link
   *     ClusterOptions#quorum()})
   */
  MinorityGuard(Cluster cluster, int quorum) {
    this.cluster = cluster;
    this.quorum = quorum;
  }

  /** The guard of the quorum {@code hazelcast} was configured with ({@link HazelcastSetup}). */
  static MinorityGuard of(HazelcastInstance hazelcast) {
    SplitBrainProtectionConfig majority =
        hazelcast.getConfig().getSplitBrainProtectionConfigs().get(HazelcastSetup.MAJORITY);
    return new MinorityGuard(
        hazelcast.getCluster(), majority == null ? 1 : majority.getMinimumClusterSize());
  }

  /**
   * Passes a change's result on, or fails with 503 {@code cluster_minority} (a change whose fate is
   * open: the caller retries or takes its events back, as for the protection's own refusal).
   */
  <T> T confirmed(T result) {
    if (quorum > 1 && cluster.getMembers().size() < quorum) {
      throw ClusterFailures.minority();
    }
    return result;
  }
}
