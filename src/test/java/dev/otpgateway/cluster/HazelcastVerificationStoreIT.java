package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.Ids;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.MutableClock;
import dev.otpgateway.verification.Transition;
import dev.otpgateway.verification.Verification;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verification store on two real members, as the gateway configures them. */
class HazelcastVerificationStoreIT {
  private final MutableClock clock = MutableClock.now();
  private final Vertx vertx = Vertx.vertx();
  private final TwoMembers members = new TwoMembers();

  @AfterEach
  void stop() {
    members.close();
    Await.result(vertx.close());
  }

  private HazelcastVerificationStore store(HazelcastInstance member, String self) {
    return store(member, self, MinorityGuard.of(member));
  }

  private HazelcastVerificationStore store(
      HazelcastInstance member, String self, MinorityGuard minority) {
    return new HazelcastVerificationStore(
        member.getMap(HazelcastSetup.VERIFICATIONS),
        new Futures(vertx, ClusterFailures::translate),
        new StrandedChanges(vertx, StrandedChanges.GRACE, StrandedChanges.AFTERMATH),
        minority,
        clock,
        () -> self);
  }

  private Verification started(String id) {
    return TestVerifications.started(id, clock.millis());
  }

  @Test
  void written_events_leave_the_outboxes_named_on_both_members_and_on_their_backups() {
    HazelcastVerificationStore first = store(members.first, "member-1");
    Map<String, List<Event>> emitted = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      String id = Ids.mint(Ids.VERIFICATION);
      emitted.put(id, Await.result(first.create(started(id))));
    }
    assertThat(
            emitted.keySet().stream()
                .filter(
                    id ->
                        !members
                            .first
                            .getPartitionService()
                            .getPartition(VerificationKey.of(id))
                            .getOwner()
                            .localMember()))
        .as("records the other member owns")
        .isNotEmpty();
    List<String> ids = List.copyOf(emitted.keySet());
    Map<String, Long> written = new HashMap<>();
    for (String id : ids.subList(0, 40)) {
      written.put(id, Verification.numbersOf(id, emitted.get(id)));
    }

    Await.result(first.dropWritten(written));

    // The second member now holds every record, those the first owned from their backups.
    members.first.shutdown();
    HazelcastVerificationStore second = store(members.second, "member-2");
    for (String id : ids) {
      List<Verification.Outboxed> outbox = Await.result(second.get(id)).outbox();
      if (written.containsKey(id)) {
        assertThat(outbox).as(id + ", written").isEmpty();
      } else {
        assertThat(outbox).as(id + ", not written").hasSize(emitted.get(id).size()).isNotEmpty();
      }
    }
  }

  @Test
  void a_change_made_while_its_member_sees_fewer_members_than_writes_need_is_answered_503() {
    // Two members, and a guard that needs three: what a member cut off alone sees in the moment
    // after it declared the others gone and before Hazelcast's protection refuses its writes.
    HazelcastVerificationStore alone =
        store(members.first, "member-1", new MinorityGuard(members.first.getCluster(), 3));
    HazelcastVerificationStore together = store(members.first, "member-1");

    Throwable created = Await.failure(alone.create(started(Ids.mint(Ids.VERIFICATION))));
    String first = Ids.mint(Ids.VERIFICATION);
    String second = Ids.mint(Ids.VERIFICATION);
    Await.result(together.create(started(first)));
    Await.result(together.create(started(second)));
    Throwable canceled =
        Await.failure(alone.update(first, null, new Transition.Cancel(clock.millis())));

    for (Throwable refused : List.of(created, canceled)) {
      assertThat(refused).isInstanceOf(GatewayException.class);
      assertThat(((GatewayException) refused).code()).isEqualTo("cluster_minority");
      assertThat(((GatewayException) refused).kind()).isEqualTo(GatewayException.Kind.UNAVAILABLE);
    }
    assertThat(
            Await.result(together.update(second, null, new Transition.Cancel(clock.millis())))
                .result())
        .as("the same change where the member sees a majority")
        .isTrue();
  }
}
