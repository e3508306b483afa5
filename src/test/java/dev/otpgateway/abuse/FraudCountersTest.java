package dev.otpgateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Two members' counters over one shared store, flushed by hand. */
class FraudCountersTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:30:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String KEY = "t:acme|p6:+120255";

  /** The cluster's map: sums per key, as the Hazelcast entry processor keeps them. */
  private final Map<String, WindowCounts> cluster = new HashMap<>();

  private final AtomicBoolean down = new AtomicBoolean();

  private final FraudCounterStore store =
      additions -> {
        if (down.get()) {
          return Future.failedFuture("cluster unreachable");
        }
        Map<String, byte[]> sums = new HashMap<>();
        additions.forEach(
            (key, bytes) -> {
              WindowCounts sum = cluster.computeIfAbsent(key, k -> new WindowCounts());
              sum.addAll(WindowCounts.decode(bytes));
              sums.put(key, sum.encode());
            });
        return Future.succeededFuture(sums);
      };

  private final FraudCounters one = new FraudCounters(null, store, CLOCK);
  private final FraudCounters two = new FraudCounters(null, store, CLOCK);

  private static List<Event> starts(int n, EventType type) {
    Event[] events = new Event[n];
    for (int i = 0; i < n; i++) {
      events[i] =
          Event.builder("e" + type + i, type, NOW.toEpochMilli(), "acme")
              .verification("ver_" + i, "+1202555010" + i, "US")
              .build();
    }
    return List.of(events);
  }

  private static long started(FraudCounters c) {
    return c.view(KEY).lastMinutes(NOW.toEpochMilli(), 60, 0).started();
  }

  @Test
  void a_member_sees_its_own_counts_at_once_and_the_others_after_a_flush_each() {
    one.accept(starts(3, EventType.STARTED));
    assertThat(started(one)).isEqualTo(3);
    assertThat(started(two)).isZero(); // and two now reads this key at its flushes

    one.flush();
    two.flush();

    assertThat(started(two)).isEqualTo(3);
    assertThat(started(one)).isEqualTo(3); // read back, not counted twice
  }

  @Test
  void counts_from_both_members_add_up_on_each() {
    // Decisions on both members read the key, so both read it back at their flushes.
    started(one);
    started(two);
    one.accept(starts(3, EventType.STARTED));
    two.accept(starts(4, EventType.STARTED));
    two.accept(starts(2, EventType.APPROVED));

    one.flush();
    two.flush();
    one.flush();

    for (FraudCounters member : List.of(one, two)) {
      assertThat(member.view(KEY).lastMinutes(NOW.toEpochMilli(), 60, 0))
          .isEqualTo(new WindowCounts.Tally(7, 2));
    }
  }

  @Test
  void starts_are_counted_per_tenant_and_for_everyone_by_country_and_prefix() {
    assertThat(FraudCounters.keys("acme", "+12025550123", "US"))
        .containsExactly(
            "t:acme|c:US",
            "t:acme|p6:+120255",
            "t:acme|p8:+12025550",
            "*|c:US",
            "*|p6:+120255",
            "*|p8:+12025550",
            "t:acme|all");
  }

  @Test
  void counts_a_failed_flush_could_not_share_go_with_the_next_one_exactly_once() {
    one.accept(starts(3, EventType.STARTED));
    down.set(true);

    one.flush();

    assertThat(one.stale()).isTrue();
    assertThat(started(one)).isEqualTo(3);

    down.set(false);
    one.flush();
    two.view(KEY);
    two.flush();

    assertThat(one.stale()).isFalse();
    assertThat(cluster.get(KEY).lastMinutes(NOW.toEpochMilli(), 60, 0).started()).isEqualTo(3);
    assertThat(started(two)).isEqualTo(3);
  }

  @Test
  void counts_are_not_lost_when_a_flush_answered_late_succeeds_and_the_next_fails() {
    // The cluster answers when the test says: a backup confirming after more than a second, then
    // a split brain that fails what comes next.
    Deque<Map<String, byte[]>> asked = new ArrayDeque<>();
    Deque<Promise<Map<String, byte[]>>> answers = new ArrayDeque<>();
    FraudCounterStore slow =
        additions -> {
          asked.add(additions);
          answers.add(Promise.promise());
          return answers.getLast().future();
        };
    FraudCounters member = new FraudCounters(null, slow, CLOCK);

    member.accept(starts(3, EventType.STARTED));
    member.flush();
    member.accept(starts(2, EventType.STARTED));
    member.flush(); // a second later, the first flush still unanswered
    answerFromCluster(asked.poll(), answers.poll());
    if (!answers.isEmpty()) {
      asked.poll();
      answers.poll().fail("split-brain protection: this member is in the minority");
    }
    for (int i = 0; i < 3; i++) {
      member.flush();
      while (!answers.isEmpty()) {
        answerFromCluster(asked.poll(), answers.poll());
      }
    }

    assertThat(cluster.get(KEY).lastMinutes(NOW.toEpochMilli(), 60, 0).started()).isEqualTo(5);
    assertThat(started(member)).isEqualTo(5);
  }

  @Test
  void a_store_that_throws_instead_of_failing_does_not_stop_the_flushes() {
    AtomicBoolean thrown = new AtomicBoolean();
    FraudCounterStore throwingOnce =
        additions -> {
          if (thrown.compareAndSet(false, true)) {
            throw new IllegalStateException("Hazelcast instance is not active");
          }
          return store.addAndRead(additions);
        };
    FraudCounters member = new FraudCounters(null, throwingOnce, CLOCK);
    member.accept(starts(3, EventType.STARTED));

    member.flush();
    assertThat(member.stale()).isTrue();
    member.flush();

    assertThat(member.stale()).isFalse();
    assertThat(cluster.get(KEY).lastMinutes(NOW.toEpochMilli(), 60, 0).started()).isEqualTo(3);
  }

  private void answerFromCluster(
      Map<String, byte[]> additions, Promise<Map<String, byte[]>> answer) {
    answer.complete(store.addAndRead(additions).result());
  }
}
