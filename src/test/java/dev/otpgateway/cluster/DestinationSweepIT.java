package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.events.Ids;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.MutableClock;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.verification.DestinationStore.Reservation;
import dev.otpgateway.verification.DestinationStore.ReservationRequest;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Numbers' destination states on a real Hazelcast member, many to a bucket: kept without a
 * time-to-live, and removed by their owner's sweep once their rate window is empty and their code
 * dead, not before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DestinationSweepIT {
  private static final String TENANT = "acme";
  private static final long CODE_LIFETIME = 300_000;

  private final MutableClock clock = MutableClock.now();
  private Vertx vertx;
  private HazelcastInstance hazelcast;
  private IMap<Integer, byte[]> map;
  private HazelcastDestinationStore store;
  private int buckets;

  @BeforeAll
  void member() {
    vertx = Vertx.vertx();
    hazelcast =
        Hazelcast.newHazelcastInstance(
            HazelcastSetup.config(ClusterOptions.standalone(Ports.free())));
    map = hazelcast.getMap(HazelcastSetup.DESTINATIONS);
    buckets = HazelcastDestinationStore.agreedBuckets(hazelcast);
    store = new HazelcastDestinationStore(map, new Futures(vertx), clock, buckets);
  }

  @AfterAll
  void stop() {
    hazelcast.shutdown();
    Await.result(vertx.close());
  }

  @BeforeEach
  void empty() {
    map.clear();
  }

  private Reservation send(String number) {
    return Await.result(store.reserve(TENANT, number, request(5)));
  }

  /** Whether the number's state is held in its bucket. */
  private boolean held(String number) {
    DestinationBucket.Number n = DestinationBucket.Number.of(TENANT, number);
    return DestinationBucket.find(map.get(n.bucket(buckets)), n) != null;
  }

  private int bucketOf(String number) {
    return DestinationBucket.Number.of(TENANT, number).bucket(buckets);
  }

  private ReservationRequest request(int limit) {
    long now = clock.millis();
    return new ReservationRequest(Ids.mint(Ids.VERIFICATION), now, now + CODE_LIFETIME, "", limit);
  }

  @Test
  void a_bucket_has_no_time_to_live_and_a_number_stays_while_its_window_holds_a_send() {
    send("+12025550101");

    assertThat(map.getEntryView(bucketOf("+12025550101")).getTtl()).isEqualTo(Long.MAX_VALUE);

    clock.advance(Duration.ofMillis(RATE_WINDOW_MILLIS).minusMinutes(1));
    assertThat(store.removeEndedLocally()).isZero();
    assertThat(held("+12025550101")).isTrue();
  }

  @Test
  void the_sweep_removes_a_record_once_its_last_send_left_the_window() {
    send("+12025550102");
    clock.advance(Duration.ofMinutes(30));
    send("+12025550103");

    clock.advance(Duration.ofMinutes(30));
    assertThat(store.removeEndedLocally()).isEqualTo(1);

    assertThat(held("+12025550102")).as("sent an hour ago").isFalse();
    assertThat(held("+12025550103")).as("sent 30 minutes ago").isTrue();
  }

  @Test
  void the_sweep_removes_a_bucket_once_its_last_number_ended() {
    send("+12025550106");
    clock.advance(Duration.ofMillis(RATE_WINDOW_MILLIS));

    assertThat(store.removeEndedLocally()).isEqualTo(1);

    assertThat(map.containsKey(bucketOf("+12025550106"))).isFalse();
  }

  @Test
  void numbers_sharing_a_bucket_keep_their_own_windows() {
    // Two numbers in one bucket: the first of 100,000 that shares the bucket of +12025550107.
    String first = "+12025550107";
    String second =
        java.util.stream.IntStream.range(0, 100_000)
            .mapToObj(i -> "+1303" + (5_550_000 + i))
            .filter(n -> bucketOf(n) == bucketOf(first))
            .findFirst()
            .orElseThrow();
    send(first);
    send(first);

    assertThat(Await.result(store.reserve(TENANT, first, request(2))).kind())
        .isEqualTo(Reservation.Kind.RATE_LIMITED);
    assertThat(Await.result(store.reserve(TENANT, second, request(2))).kind())
        .isEqualTo(Reservation.Kind.CREATE);
    assertThat(DestinationBucket.size(map.get(bucketOf(first)))).isEqualTo(2);
  }

  @Test
  void a_send_counted_after_the_scan_keeps_the_record() {
    send("+12025550104");
    clock.advance(Duration.ofMillis(RATE_WINDOW_MILLIS));
    long scannedAt = clock.millis();
    // Between the scan and the removal, the number is sent to again.
    send("+12025550104");

    Integer removed =
        map.executeOnKey(bucketOf("+12025550104"), new DestinationProcessors.EndIfOver(scannedAt));

    assertThat(removed).isZero();
    assertThat(Await.result(store.reserve(TENANT, "+12025550104", request(1))).kind())
        .as("the new send still counts against a limit of 1")
        .isEqualTo(Reservation.Kind.RATE_LIMITED);
  }

  @Test
  void a_removed_numbers_window_starts_empty() {
    send("+12025550105");
    clock.advance(Duration.ofMillis(RATE_WINDOW_MILLIS));
    assertThat(store.removeEndedLocally()).isEqualTo(1);

    assertThat(Await.result(store.reserve(TENANT, "+12025550105", request(1))).kind())
        .isEqualTo(Reservation.Kind.CREATE);
  }
}
