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
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * The Hazelcast cluster's members, by their UUIDs. Each change is logged on one INFO line (who,
 * where, how many are left), the first thing an operator looks for after a member died.
 */
final class HazelcastMembership implements Membership {
  private static final Logger LOG = Logger.getLogger(HazelcastMembership.class.getName());

  private final HazelcastInstance hazelcast;
  private final String self;
  private final List<Runnable> onLeft = new CopyOnWriteArrayList<>();
  private final List<Runnable> onJoined = new CopyOnWriteArrayList<>();
  private final List<IntConsumer> onSize = new CopyOnWriteArrayList<>();

  HazelcastMembership(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.self = hazelcast.getCluster().getLocalMember().getUuid().toString();
    hazelcast
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {
                changed("joined", event);
                onJoined.forEach(Runnable::run);
              }

              @Override
              public void memberRemoved(MembershipEvent event) {
                changed("left", event);
                onLeft.forEach(Runnable::run);
              }
            });
  }

  private void changed(String what, MembershipEvent event) {
    Member m = event.getMember();
    int size = event.getMembers().size();
    LOG.info(
        "cluster member "
            + what
            + ": "
            + m.getUuid()
            + " at "
            + m.getAddress().getHost()
            + ":"
            + m.getAddress().getPort()
            + "; the cluster has "
            + size
            + (size == 1 ? " member" : " members"));
    onSize.forEach(listener -> listener.accept(size));
  }

  /** Tells {@code listener} the cluster's size now and after every change. */
  void onSize(IntConsumer listener) {
    onSize.add(listener);
    listener.accept(hazelcast.getCluster().getMembers().size());
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

  @Override
  public void onMemberJoined(Runnable action) {
    onJoined.add(action);
  }
}
