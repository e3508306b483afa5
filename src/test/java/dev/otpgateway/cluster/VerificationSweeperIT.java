package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import dev.otpgateway.delivery.Candidate;
import dev.otpgateway.events.DurableSink;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventStream;
import dev.otpgateway.events.EventType;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.MutableClock;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.testing.Routes;
import dev.otpgateway.verification.Attempt;
import dev.otpgateway.verification.CodeSender;
import dev.otpgateway.verification.DeliveryFollowUp;
import dev.otpgateway.verification.DeliveryState;
import dev.otpgateway.verification.DurableTimers;
import dev.otpgateway.verification.SendTrigger;
import dev.otpgateway.verification.Transition;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationRecords;
import dev.otpgateway.verification.VerificationStarter;
import dev.otpgateway.verification.VerificationStatus;
import dev.otpgateway.verification.VerificationSweeper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sweeps over a real Hazelcast member: records whose code expired are expired once, as an
 * event; the deadlines of timers whose member is gone (a push acknowledgement, a delivery receipt)
 * fire here, once; a send left open by a member that is gone is handed on to be settled; outboxes
 * long published are trimmed; events a departed member left unpublished in an outbox are adopted
 * and published again under their own ids, and only those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerificationSweeperIT {
  private final MutableClock clock = MutableClock.now();
  private final List<Event> published = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private ClusterState state;
  private VerificationRecords records;
  private VerificationSweeper sweeper;
  private final List<String> fired = new CopyOnWriteArrayList<>();

  /** What fired for this verification (records of other tests stay in the shared map). */
  private List<String> firedFor(String id) {
    return fired.stream().filter(f -> f.contains(id)).toList();
  }

  @BeforeAll
  void member() {
    ClusterManager manager = ClusterState.clusterManager(ClusterOptions.standalone(Ports.free()));
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    vertx =
        Await.result(Vertx.builder().with(options).withClusterManager(manager).buildClustered());
    state = new ClusterState(vertx, manager, clock);
    DurableSink recording =
        (events, recorded) -> {
          published.addAll(events);
          recorded.accept(events);
          return Future.succeededFuture();
        };
    records =
        new VerificationRecords(
            vertx,
            state.verifications(),
            new EventStream(recording, List.of()),
            state.membership(),
            clock);
    // No member armed a local timer for these records: what fires, the sweep fired.
    DurableTimers timers = new DurableTimers(vertx, clock);
    for (String kind :
        List.of(
            VerificationStarter.PUSH_TIMER,
            CodeSender.DELIVERY_TIMER,
            DeliveryFollowUp.LOST_SEND)) {
      timers.on(kind, subject -> fired.add(kind + " " + subject));
    }
    sweeper =
        new VerificationSweeper(
            vertx, state.verifications(), records, timers, state.membership(), clock);
  }

  @AfterAll
  void stop() {
    Await.result(vertx.close());
  }

  /**
   * What the member that armed a record's deadlines did when it left the cluster: the owner looks
   * over its records again, instead of waiting for its next scan.
   */
  private void memberLeft() {
    sweeper.lookAgain();
  }

  private Verification draft(String id, long expiresAt) {
    return draft(id, expiresAt, 0);
  }

  private Verification draft(String id, long expiresAt, long pushDeadline) {
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
            expiresAt + 600_000,
            pushDeadline,
            pushDeadline > 0 ? List.of() : List.of(MESSAGEBIRD),
            BigDecimal.ZERO,
            ROUTE));
  }

  private static final Candidate MESSAGEBIRD =
      new Candidate(
          "messagebird",
          Channel.SMS,
          "Acme",
          new BigDecimal("0.0070"),
          0.1,
          Duration.ofSeconds(30));

  private static Attempt accepted(int number, long at) {
    return new Attempt(
        number,
        "messagebird",
        Channel.SMS,
        SendTrigger.INITIAL,
        true,
        null,
        null,
        "mb-" + number,
        at,
        DeliveryState.PENDING,
        0,
        new BigDecimal("0.0070"),
        1,
        0.1,
        at + 30_000);
  }

  private static final Verification.Route ROUTE =
      Routes.messagebirdInUs("sha256:" + "cd".repeat(32));

  private static Verification.SendRecord sent(long at) {
    return new Verification.SendRecord(
        List.of(accepted(1, at)), ROUTE, null, BigDecimal.ZERO, null, at, 1, false);
  }

  @Test
  void a_push_deadline_whose_member_is_gone_fires_on_the_owner_once_its_grace_is_over() {
    long deadline = clock.millis() + 5_000;
    Verification held = draft("ver_heldpush" + "d".repeat(14), deadline + 300_000, deadline);
    Await.result(records.create(held, List.of()));
    memberLeft();

    clock.advance(Duration.ofMillis(5_500));
    Await.result(sweeper.sweep());
    assertThat(firedFor(held.id())).as("still the arming member's to fire").isEmpty();

    clock.advance(Duration.ofMillis(600));
    Await.result(sweeper.sweep());
    assertThat(firedFor(held.id())).containsExactly("push " + held.id());
  }

  @Test
  void a_delivery_deadline_whose_member_is_gone_fires_on_the_owner() {
    Verification v = draft("ver_deadline" + "e".repeat(14), clock.millis() + 300_000);
    Await.result(records.create(v, List.of()));
    Await.result(records.update(v.id(), null, new Transition.RecordSend(sent(clock.millis()))));
    memberLeft();

    clock.advance(Duration.ofSeconds(20));
    Await.result(sweeper.sweep());
    assertThat(firedFor(v.id())).isEmpty();

    clock.advance(Duration.ofSeconds(12));
    Await.result(sweeper.sweep());
    assertThat(firedFor(v.id())).containsExactly("delivery " + v.id() + ".1");
  }

  @Test
  void a_send_left_open_by_a_member_that_is_gone_is_handed_on_to_be_settled() {
    Verification v = draft("ver_lostsend" + "f".repeat(14), clock.millis() + 300_000);
    // Its first send was claimed by a member that died before recording what came of it.
    v.stampUnpublished("a-member-that-died", clock.millis());
    Await.result(state.verifications().create(v));
    memberLeft();

    clock.advance(Duration.ofSeconds(10));
    Await.result(sweeper.sweep());
    assertThat(firedFor(v.id())).as("its provider call may still be under way").isEmpty();

    clock.advance(Duration.ofSeconds(6));
    Await.result(sweeper.sweep());
    assertThat(firedFor(v.id())).containsExactly("lost-send " + v.id() + ".1");
    Verification stored = Await.result(records.get(v.id()));
    assertThat(stored.claims()).hasSize(1);
    assertThat(stored.status()).isEqualTo(VerificationStatus.SENDING);
    // Its events were that member's too: adopted here, so the next test finds no orphans.
    Await.result(sweeper.adoptOrphans());
  }

  @Test
  void an_ended_records_published_events_leave_its_outbox_once_they_are_old() {
    Verification v = draft("ver_trimmed" + "g".repeat(15), clock.millis() + 300_000);
    Await.result(records.create(v, List.of()));
    Await.result(records.update(v.id(), null, new Transition.RecordSend(sent(clock.millis()))));
    Await.result(records.update(v.id(), null, new Transition.Cancel(clock.millis())));
    assertThat(Await.result(records.get(v.id())).outbox()).isNotEmpty();

    clock.advance(Duration.ofSeconds(31));
    Await.result(sweeper.sweep());

    Verification stored = Await.result(records.get(v.id()));
    assertThat(stored.outbox()).isEmpty();
    assertThat(stored.status()).isEqualTo(VerificationStatus.CANCELED);
  }

  @Test
  void a_record_is_removed_by_its_owner_when_its_retention_ends() {
    Verification v = draft("ver_retained" + "h".repeat(14), clock.millis() + 60_000);
    Await.result(records.create(v, List.of()));
    Await.result(records.update(v.id(), null, new Transition.Cancel(clock.millis())));
    Map<VerificationKey, byte[]> stored =
        Hazelcast.getAllHazelcastInstances().iterator().next().getMap(HazelcastSetup.VERIFICATIONS);

    // The test's clock also runs on with real time: a second before, then past the end.
    clock.advance(Duration.ofMillis(v.keepUntil() - 1_000 - clock.millis()));
    Await.result(sweeper.sweep());
    assertThat(Await.result(records.get(v.id()))).as("still in its retention").isNotNull();

    clock.advance(Duration.ofMillis(1_000));
    assertThat(Await.result(records.get(v.id()))).as("read as gone from then on").isNull();
    assertThat(stored).containsKey(VerificationKey.of(v.id()));

    Await.result(sweeper.sweep());
    assertThat(stored)
        .as("the owner's sweep removed it")
        .doesNotContainKey(VerificationKey.of(v.id()));
  }

  @Test
  void an_expired_code_becomes_an_expired_event_once() {
    Verification v = draft("ver_expiring" + "a".repeat(14), clock.millis() + 60_000);
    Await.result(records.create(v, List.of()));
    published.clear();

    Await.result(sweeper.sweep());
    assertThat(published).isEmpty();
    clock.advance(Duration.ofSeconds(61));
    Await.result(sweeper.sweep());
    Await.result(sweeper.sweep());

    assertThat(published).extracting(Event::type).containsExactly(EventType.EXPIRED);
    assertThat(published.get(0).verification()).isEqualTo(v.id());
    assertThat(Await.result(records.get(v.id())).status()).isEqualTo(VerificationStatus.EXPIRED);
  }

  @Test
  void what_falls_due_on_a_settled_record_before_the_next_scan_is_handled_in_time() {
    // Its published start leaves the outbox 30 s on; its code expires 3 s after that.
    Verification v = draft("ver_twicedue" + "h".repeat(14), clock.millis() + 33_000);
    Await.result(records.create(v, List.of()));
    clock.advance(Duration.ofSeconds(25));
    sweeper.lookAgain();
    Await.result(sweeper.sweep());
    published.clear();

    clock.advance(Duration.ofSeconds(6));
    Await.result(sweeper.sweep());
    assertThat(Await.result(records.get(v.id())).outbox()).isEmpty();

    // Within the look-ahead of the scan at 25 s: no scan comes before its expiry.
    clock.advance(Duration.ofSeconds(3));
    Await.result(sweeper.sweep());
    assertThat(published)
        .filteredOn(e -> v.id().equals(e.verification()))
        .extracting(Event::type)
        .containsExactly(EventType.EXPIRED);
  }

  @Test
  void a_departed_members_unpublished_events_are_adopted_and_published_again() {
    Verification orphan = draft("ver_orphan" + "b".repeat(16), clock.millis() + 300_000);
    // Its start was emitted by a member that is gone now, before it could publish.
    orphan.stampUnpublished("a-member-that-died", clock.millis());
    Await.result(state.verifications().create(orphan));
    Verification ours = draft("ver_ours" + "c".repeat(18), clock.millis() + 300_000);
    Await.result(records.create(ours, List.of()));
    published.clear();

    assertThat(Await.result(sweeper.adoptOrphans())).isEqualTo(1);
    assertThat(published).extracting(Event::id).containsExactly(orphan.id() + ":1");
    assertThat(published.get(0).type()).isEqualTo(EventType.STARTED);

    published.clear();
    assertThat(Await.result(sweeper.adoptOrphans())).as("adopted once").isZero();
    assertThat(published).isEmpty();
  }
}
