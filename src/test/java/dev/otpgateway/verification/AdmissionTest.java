package dev.otpgateway.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicBoolean nearHeapBudget = new AtomicBoolean();
  private final Set<String> pacedOut = new HashSet<>();
  private final AtomicLong ledgerLag = new AtomicLong();
  private final List<String> refusals = new ArrayList<>();
  private final Admission admission =
      new Admission(
          tenant -> nearHeapBudget.get() || pacedOut.contains(tenant),
          ledgerLag::get,
          refusals::add);

  @AfterEach
  void close() {
    vertx.close();
  }

  private GatewayException refusedStart() {
    return refusedStart("t1");
  }

  private GatewayException refusedStart(String tenant) {
    AtomicInteger ran = new AtomicInteger();
    Future<String> f =
        admission.start(
            tenant,
            () -> {
              ran.incrementAndGet();
              return Future.succeededFuture("started");
            });
    assertThat(f.failed()).as("refused").isTrue();
    assertThat(ran).as("the start itself never ran").hasValue(0);
    assertThat(admission.inFlight()).isZero();
    return (GatewayException) f.cause();
  }

  @Test
  void a_start_runs_when_nothing_stands_in_its_way() {
    assertThat(admission.start("t1", () -> Future.succeededFuture("started")).result())
        .isEqualTo("started");
    assertThat(refusals).isEmpty();
  }

  @Test
  void each_reason_refuses_with_503_its_own_type_and_retry_after_and_is_counted() {
    nearHeapBudget.set(true);
    GatewayException heap = refusedStart();
    assertThat(heap.kind().status).isEqualTo(503);
    assertThat(heap.code()).isEqualTo("heap_budget");
    assertThat(heap.retryAfterSeconds()).isEqualTo(2);

    ledgerLag.set(Admission.MAX_LEDGER_LAG_MILLIS + 1);
    GatewayException ledger = refusedStart();
    assertThat(ledger.code()).as("the ledger is named before the heap").isEqualTo("ledger_behind");
    assertThat(ledger.retryAfterSeconds()).isEqualTo(5);

    admission.stopTakingStarts();
    GatewayException stopping = refusedStart();
    assertThat(stopping.code()).isEqualTo("shutting_down");
    assertThat(stopping.retryAfterSeconds()).isEqualTo(1);

    assertThat(refusals).containsExactly("heap_budget", "ledger_behind", "shutting_down");
  }

  @Test
  void the_memory_budget_is_asked_about_the_tenant_whose_start_it_is() {
    pacedOut.add("flood");

    assertThat(refusedStart("flood").code()).isEqualTo("heap_budget");
    assertThat(admission.start("person", () -> Future.succeededFuture("started")).result())
        .isEqualTo("started");
    assertThat(refusals).containsExactly("heap_budget");
  }

  @Test
  void a_ledger_exactly_at_its_limit_still_takes_starts() {
    ledgerLag.set(Admission.MAX_LEDGER_LAG_MILLIS);
    assertThat(admission.start("t1", () -> Future.succeededFuture("started")).succeeded()).isTrue();
  }

  @Test
  void a_shutdown_waits_for_the_starts_and_sends_in_flight() {
    Promise<String> start = Promise.promise();
    Promise<String> send = Promise.promise();
    admission.start("t1", start::future);
    admission.track(send::future);
    assertThat(admission.inFlight()).isEqualTo(2);

    admission.stopTakingStarts();
    Future<Integer> drained = admission.drained(vertx, Duration.ofSeconds(30));
    start.complete("answered");
    assertThat(drained.isComplete()).as("a send is still in flight").isFalse();
    send.fail("provider timed out");
    assertThat(Await.result(drained)).as("left in flight").isZero();
  }

  @Test
  void a_shutdown_stops_waiting_at_its_bound_and_says_how_many_were_left() {
    admission.track(() -> Promise.<String>promise().future());
    assertThat(Await.result(admission.drained(vertx, Duration.ofMillis(100)))).isEqualTo(1);
  }

  @Test
  void work_that_throws_before_it_returns_a_future_is_not_left_in_flight() {
    try {
      admission.track(
          () -> {
            throw new IllegalStateException("broken");
          });
    } catch (IllegalStateException expected) {
      // the caller sees it, as before
    }
    assertThat(admission.inFlight()).isZero();
  }
}
