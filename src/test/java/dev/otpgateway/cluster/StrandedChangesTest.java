package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StrandedChangesTest {
  private static final Duration GRACE = Duration.ofMillis(100);

  private final Vertx vertx = Vertx.vertx();
  private final Context caller = vertx.getOrCreateContext();

  @AfterEach
  void close() {
    vertx.close();
  }

  /** {@code stranded.watch(change)} made on the caller's event loop, as the store makes it. */
  private <T> Future<T> watched(StrandedChanges stranded, Future<T> change) throws Exception {
    CompletableFuture<Future<T>> made = new CompletableFuture<>();
    caller.runOnContext(v -> made.complete(stranded.watch(change)));
    return made.get(5, TimeUnit.SECONDS);
  }

  @Test
  void a_change_still_unconfirmed_after_a_departure_answers_503_on_its_callers_context()
      throws Exception {
    StrandedChanges stranded = new StrandedChanges(vertx, GRACE, Duration.ofSeconds(5));
    Promise<String> change = Promise.promise();
    Future<String> answer = watched(stranded, change.future());
    AtomicReference<Context> answeredOn = new AtomicReference<>();
    answer.onComplete(r -> answeredOn.set(Vertx.currentContext()));

    stranded.memberLeft();

    GatewayException refused = (GatewayException) Await.failure(answer);
    assertThat(refused.kind()).isEqualTo(GatewayException.Kind.UNAVAILABLE);
    assertThat(refused.code()).isEqualTo("cluster_unavailable");
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(answeredOn.get()).isSameAs(caller);
    assertThat(stranded.unanswered()).isZero();
    // Hazelcast's own answer, when it comes, changes nothing.
    change.fail(new IllegalStateException("backup acks missed"));
    assertThat(answer.cause()).isSameAs(refused);
  }

  @Test
  void a_change_made_just_after_a_departure_is_watched_too() throws Exception {
    // Another member can learn of the departure a little later, and still send the backup there.
    StrandedChanges stranded = new StrandedChanges(vertx, GRACE, Duration.ofSeconds(5));
    stranded.memberLeft();
    Future<String> answer = watched(stranded, Promise.<String>promise().future());

    assertThat(Await.failure(answer)).isInstanceOf(GatewayException.class);
  }

  @Test
  void a_change_confirmed_in_its_grace_keeps_its_own_answer() throws Exception {
    StrandedChanges stranded =
        new StrandedChanges(vertx, Duration.ofSeconds(2), Duration.ofSeconds(5));
    Promise<String> change = Promise.promise();
    Future<String> answer = watched(stranded, change.future());
    stranded.memberLeft();

    caller.runOnContext(v -> change.complete("confirmed"));

    assertThat(Await.result(answer)).isEqualTo("confirmed");
    assertThat(stranded.unanswered()).isZero();
  }

  @Test
  void a_failure_of_its_own_passes_through() throws Exception {
    StrandedChanges stranded = new StrandedChanges(vertx, GRACE, Duration.ofSeconds(5));
    Promise<String> change = Promise.promise();
    Future<String> answer = watched(stranded, change.future());
    IllegalArgumentException own = new IllegalArgumentException("not this tenant's");

    caller.runOnContext(v -> change.fail(own));

    assertThat(Await.failure(answer)).isSameAs(own);
  }

  @Test
  void without_a_departure_a_slow_change_is_left_to_the_cluster() throws Exception {
    StrandedChanges stranded =
        new StrandedChanges(vertx, Duration.ofMillis(20), Duration.ofSeconds(5));
    Promise<String> change = Promise.promise();
    Future<String> answer = watched(stranded, change.future());

    Thread.sleep(300);
    assertThat(answer.isComplete()).as("answered early with no member gone").isFalse();

    caller.runOnContext(v -> change.complete("slow but confirmed"));
    assertThat(Await.result(answer)).isEqualTo("slow but confirmed");
  }

  @Test
  void once_the_aftermath_is_over_a_slow_change_is_left_to_the_cluster_again() throws Exception {
    StrandedChanges stranded =
        new StrandedChanges(vertx, Duration.ofMillis(20), Duration.ofMillis(100));
    stranded.memberLeft();
    Thread.sleep(400);

    Promise<String> change = Promise.promise();
    Future<String> answer = watched(stranded, change.future());
    Thread.sleep(300);

    assertThat(answer.isComplete()).as("answered early long after the departure").isFalse();
  }

  @Test
  void a_change_already_answered_is_returned_as_it_is() throws Exception {
    StrandedChanges stranded = new StrandedChanges(vertx, GRACE, Duration.ofSeconds(5));
    Future<String> done = Future.succeededFuture("near-cache hit");

    assertThat(watched(stranded, done)).isSameAs(done);
    assertThat(stranded.unanswered()).isZero();
  }
}
