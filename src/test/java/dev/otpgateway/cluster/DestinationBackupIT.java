package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.events.Ids;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.MutableClock;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.verification.DestinationStore.Reservation;
import dev.otpgateway.verification.DestinationStore.ReservationRequest;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backup copies of destination buckets on two real members: the steps on a number and the
 * sweep's removals run on the backup as on the owner, so when a member dies, the survivor's
 * promoted copies hold the same numbers with the same windows.
 */
class DestinationBackupIT {
  private static final String TENANT = "acme";

  private final MutableClock clock = MutableClock.now();
  private final Vertx vertx = Vertx.vertx();
  private HazelcastInstance first;
  private HazelcastInstance second;

  @AfterEach
  void stop() {
    for (HazelcastInstance member : new HazelcastInstance[] {first, second}) {
      if (member != null && member.getLifecycleService().isRunning()) {
        member.shutdown();
      }
    }
    Await.result(vertx.close());
  }

  private HazelcastDestinationStore storeOn(HazelcastInstance member) {
    return new HazelcastDestinationStore(
        member.getMap(HazelcastSetup.DESTINATIONS),
        new Futures(vertx),
        clock,
        HazelcastDestinationStore.agreedBuckets(member));
  }

  private ReservationRequest request(int limit) {
    long now = clock.millis();
    return new ReservationRequest(Ids.mint(Ids.VERIFICATION), now, now + 300_000, "", limit);
  }

  private static List<String> numbers(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> "+1202" + (5_550_000 + i)).toList();
  }

  @Test
  void a_survivor_holds_the_numbers_its_dead_peer_owned_as_they_were_swept() {
    int p1 = Ports.free();
    int p2 = Ports.free();
    List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
    first =
        Hazelcast.newHazelcastInstance(
            HazelcastSetup.config(
                new ClusterOptions("127.0.0.1", p1, members, "", Duration.ofHours(24))));
    second =
        Hazelcast.newHazelcastInstance(
            HazelcastSetup.config(
                new ClusterOptions("127.0.0.1", p2, members, "", Duration.ofHours(24))));
    assertThat(first.getCluster().getMembers()).hasSize(2);
    assertThat(HazelcastDestinationStore.agreedBuckets(first))
        .as("two members expected")
        .isEqualTo(2 * DestinationBucket.PER_MEMBER);
    // A member whose list of members says otherwise still counts in the first member's buckets.
    second
        .getUserContext()
        .put(HazelcastSetup.DESTINATION_BUCKETS, 3 * DestinationBucket.PER_MEMBER);
    assertThat(HazelcastDestinationStore.agreedBuckets(second))
        .isEqualTo(2 * DestinationBucket.PER_MEMBER);
    HazelcastDestinationStore store = storeOn(first);

    // 300 numbers an hour ago, 300 half an hour ago: spread over both members' buckets.
    List<String> early = numbers(0, 300);
    List<String> late = numbers(300, 300);
    early.forEach(n -> Await.result(store.reserve(TENANT, n, request(5))));
    clock.advance(Duration.ofMinutes(30));
    late.forEach(n -> Await.result(store.reserve(TENANT, n, request(5))));
    clock.advance(Duration.ofMillis(RATE_WINDOW_MILLIS).minusMinutes(30));

    // Each member sweeps the buckets it owns; the backups drop the same numbers.
    int removed = storeOn(first).removeEndedLocally() + storeOn(second).removeEndedLocally();
    assertThat(removed).isEqualTo(300);
    second.getLifecycleService().terminate();

    var buckets = first.<Integer, byte[]>getMap(HazelcastSetup.DESTINATIONS);
    int held = 0;
    for (byte[] bucket : buckets.values()) {
      held += DestinationBucket.size(bucket);
    }
    assertThat(held).as("numbers the survivor holds").isEqualTo(300);
    for (String n : late) {
      assertThat(Await.result(store.reserve(TENANT, n, request(1))).kind())
          .as("%s was sent to half an hour ago", n)
          .isEqualTo(Reservation.Kind.RATE_LIMITED);
    }
    assertThat(storeOn(first).removeEndedLocally()).as("nothing left to sweep").isZero();
  }
}
