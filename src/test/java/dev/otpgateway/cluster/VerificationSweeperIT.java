package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.events.DurableSink;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventStream;
import dev.otpgateway.events.EventType;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.MutableClock;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationRecords;
import dev.otpgateway.verification.VerificationStatus;
import dev.otpgateway.verification.VerificationSweeper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sweeps over a real Hazelcast member: records whose code expired are expired once, as an
 * event; events a departed member left unpublished in an outbox are adopted and published again
 * under their own ids, and only those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerificationSweeperIT {
  private final MutableClock clock = MutableClock.now();
  private final List<Event> published = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private ClusterState state;
  private VerificationRecords records;
  private VerificationSweeper sweeper;

  @BeforeAll
  void member() {
    ClusterManager manager = ClusterState.clusterManager(ClusterOptions.standalone(Ports.free()));
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    vertx =
        Await.result(Vertx.builder().with(options).withClusterManager(manager).buildClustered());
    state = new ClusterState(vertx, manager, clock);
    DurableSink recording =
        events -> {
          published.addAll(events);
          return Future.succeededFuture();
        };
    records = new VerificationRecords(state.verifications(), new EventStream(recording, List.of()));
    sweeper =
        new VerificationSweeper(vertx, state.verifications(), records, state.membership(), clock);
  }

  @AfterAll
  void stop() {
    Await.result(vertx.close());
  }

  private Verification draft(String id, long expiresAt) {
    long now = clock.millis();
    return Verification.start(
        new Verification.Draft(
            id,
            "acme",
            new Destination("+12025550123", "US"),
            new Verification.Request(
                null, null, null, null, Risk.LOW, ChannelPreference.AUTO, false, null, null),
            new byte[32],
            new byte[] {1},
            now,
            expiresAt,
            0,
            1,
            new Verification.Route("sha256:" + "cd".repeat(32), "us", "test")));
  }

  @Test
  void an_expired_code_becomes_an_expired_event_once() {
    Verification v = draft("ver_expiring" + "a".repeat(14), clock.millis() + 60_000);
    Await.result(records.create(v, clock.millis() + 600_000));
    published.clear();

    assertThat(Await.result(sweeper.expire())).isZero();
    clock.advance(Duration.ofSeconds(61));
    assertThat(Await.result(sweeper.expire())).isEqualTo(1);
    assertThat(Await.result(sweeper.expire())).isZero();

    assertThat(published).extracting(Event::type).containsExactly(EventType.EXPIRED);
    assertThat(published.get(0).verification()).isEqualTo(v.id());
    assertThat(Await.result(records.get(v.id())).status()).isEqualTo(VerificationStatus.EXPIRED);
  }

  @Test
  void a_departed_members_unpublished_events_are_adopted_and_published_again() {
    Verification orphan = draft("ver_orphan" + "b".repeat(16), clock.millis() + 300_000);
    // Its start was emitted by a member that is gone now, before it could publish.
    orphan.stampUnpublished("a-member-that-died", clock.millis());
    Await.result(state.verifications().create(orphan, clock.millis() + 600_000));
    Verification ours = draft("ver_ours" + "c".repeat(18), clock.millis() + 300_000);
    Await.result(records.create(ours, clock.millis() + 600_000));
    published.clear();

    assertThat(Await.result(sweeper.adoptOrphans())).isEqualTo(1);
    assertThat(published).extracting(Event::id).containsExactly(orphan.id() + ":1");
    assertThat(published.get(0).type()).isEqualTo(EventType.STARTED);

    published.clear();
    assertThat(Await.result(sweeper.adoptOrphans())).as("adopted once").isZero();
    assertThat(published).isEmpty();
  }
}
