package dev.otpgateway.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.testing.Await;
import dev.otpgateway.verification.IdempotencyStore.Claim;
import dev.otpgateway.verification.IdempotencyStore.StoredResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotentStartsTest {
  /** The store's contract, kept in a map: what the Hazelcast store does in one entry processor. */
  private static final class InMemoryStore implements IdempotencyStore {
    final Map<String, StoredResponse> done = new HashMap<>();
    final Map<String, String> running = new HashMap<>();

    @Override
    public Future<Claim> claim(String tenantId, String key, String requestHash) {
      String k = tenantId + "/" + key;
      StoredResponse r = done.get(k);
      if (r != null) {
        return Future.succeededFuture(
            new Claim(
                r.requestHash().equals(requestHash)
                    ? Claim.State.REPLAY
                    : Claim.State.BODY_MISMATCH,
                r));
      }
      if (running.containsKey(k)) {
        return Future.succeededFuture(
            new Claim(
                running.get(k).equals(requestHash)
                    ? Claim.State.IN_PROGRESS
                    : Claim.State.BODY_MISMATCH,
                null));
      }
      running.put(k, requestHash);
      return Future.succeededFuture(new Claim(Claim.State.CLAIMED, null));
    }

    @Override
    public Future<Void> complete(String tenantId, String key, StoredResponse response) {
      running.remove(tenantId + "/" + key);
      done.put(tenantId + "/" + key, response);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> release(String tenantId, String key) {
      running.remove(tenantId + "/" + key);
      return Future.succeededFuture();
    }
  }

  private final InMemoryStore store = new InMemoryStore();
  private final IdempotentStarts starts = new IdempotentStarts(store);
  private final AtomicInteger runs = new AtomicInteger();

  private Future<StoredResponse> started() {
    int n = runs.incrementAndGet();
    return Future.succeededFuture(
        new StoredResponse(null, 201, "/v1/verifications/ver_" + n, "{\"n\":" + n + "}"));
  }

  private IdempotentStarts.Answer start(String tenant, String key, String request) {
    return Await.result(starts.start(tenant, key, request, this::started));
  }

  private GatewayException refused(String tenant, String key, String request) {
    return (GatewayException) Await.failure(starts.start(tenant, key, request, this::started));
  }

  @Test
  void without_a_key_every_request_starts() {
    start("acme", null, "{\"to\":\"+12025550100\"}");
    start("acme", null, "{\"to\":\"+12025550100\"}");
    assertThat(runs).hasValue(2);
  }

  @Test
  void the_same_key_and_request_replay_the_first_answer_and_start_nothing_more() {
    IdempotentStarts.Answer first = start("acme", "k-1", "{\"to\":\"+12025550100\"}");
    IdempotentStarts.Answer again = start("acme", "k-1", "{\"to\":\"+12025550100\"}");
    assertThat(first.replayed()).isFalse();
    assertThat(again.replayed()).isTrue();
    assertThat(again.response().location()).isEqualTo(first.response().location());
    assertThat(again.response().body()).isEqualTo(first.response().body());
    assertThat(runs).hasValue(1);
  }

  @Test
  void the_same_key_from_another_tenant_is_another_key() {
    start("acme", "k-1", "{\"to\":\"+12025550100\"}");
    assertThat(start("globex", "k-1", "{\"to\":\"+12025550100\"}").replayed()).isFalse();
    assertThat(runs).hasValue(2);
  }

  @Test
  void the_same_key_with_another_request_is_a_conflict() {
    start("acme", "k-1", "{\"to\":\"+12025550100\"}");
    GatewayException e = refused("acme", "k-1", "{\"to\":\"+12025550101\"}");
    assertThat(e.kind().status).isEqualTo(409);
    assertThat(e.code()).isEqualTo("idempotency_key_reused");
    assertThat(runs).hasValue(1);
  }

  @Test
  void a_retry_while_the_first_still_runs_is_told_to_wait() {
    Promise<StoredResponse> slow = Promise.promise();
    starts.start("acme", "k-1", "{}", slow::future);
    GatewayException e = refused("acme", "k-1", "{}");
    assertThat(e.kind().status).isEqualTo(409);
    assertThat(e.code()).isEqualTo("idempotency_request_in_progress");
  }

  @Test
  void a_start_that_failed_releases_its_key_so_a_retry_runs_again() {
    Future<IdempotentStarts.Answer> failed =
        starts.start(
            "acme",
            "k-1",
            "{}",
            () -> Future.failedFuture(GatewayException.unavailable("heap_budget", "busy", 2)));
    assertThat(Await.failure(failed)).isInstanceOf(GatewayException.class);
    assertThat(start("acme", "k-1", "{}").replayed()).isFalse();
    assertThat(runs).hasValue(1);
  }

  @Test
  void a_malformed_key_is_refused_before_anything_runs() {
    for (String bad : new String[] {"", "has space", "é", "x".repeat(256)}) {
      assertThatThrownBy(() -> starts.start("acme", bad, "{}", this::started))
          .as("key '%s'", bad)
          .isInstanceOfSatisfying(
              GatewayException.class, e -> assertThat(e.kind().status).isEqualTo(400));
    }
    assertThat(runs).hasValue(0);
    assertThat(start("acme", "x".repeat(255), "{}").replayed()).isFalse();
  }
}
