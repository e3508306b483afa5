package dev.otpgateway.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.otpgateway.verification.Membership;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Hazelcast cluster's members, by their UUIDs. */
final class HazelcastMembership implements Membership {
  private final HazelcastInstance hazelcast;
  private final String self;
  private final List<Runnable> onLeft = new CopyOnWriteArrayList<>();

  HazelcastMembership(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.self = hazelcast.getCluster().getLocalMember().getUuid().toString();
    hazelcast
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {}

              @Override
              public void memberRemoved(MembershipEvent event) {
                onLeft.forEach(Runnable::run);
              }
            });
  }

  @Override
  public String self() {
    return self;
  }

  @Override
  public Set<String> current() {
    Set<String> ids = new HashSet<>();
    for (Member m : hazelcast.getCluster().getMembers()) {
      ids.add(m.getUuid().toString());
    }
    return ids;
  }

  @Override
  public void onMemberLeft(Runnable action) {
    onLeft.add(action);
  }
}
