package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Entry processors, sets and gets through {@link EntryCalls} on two real members: each answers what
 * the member that owns the key did, with no task for Hazelcast's async executor.
 */
class EntryCallsIT {
  private static final int CALLS = 200;

  private final Vertx vertx = Vertx.vertx();
  private TwoMembers members;

  /** Appends to the entry's value and answers the new value, or null where there was none. */
  record Append(String suffix) implements EntryProcessor<String, String, String> {
    @Override
    public String process(Map.Entry<String, String> entry) {
      if (entry.getValue() == null) {
        return null;
      }
      entry.setValue(entry.getValue() + suffix);
      return entry.getValue();
    }
  }

  /** Answers the entry's value's length as bytes, as the gateway's processors answer byte[]. */
  record Length() implements EntryProcessor<String, String, byte[]> {
    @Override
    public byte[] process(Map.Entry<String, String> entry) {
      return new byte[] {(byte) entry.getValue().length()};
    }
  }

  /** Appends to the entry's value how many keys this processor was made for. */
  record AppendGroupSize(int size) implements EntryProcessor<String, String, Void> {
    @Override
    public Void process(Map.Entry<String, String> entry) {
      entry.setValue(entry.getValue() + "/" + size);
      return null;
    }
  }

  @BeforeEach
  void start() {
    members = new TwoMembers();
  }

  @AfterEach
  void stop() {
    members.close();
    Await.result(vertx.close());
  }

  private static List<String> keys() {
    return IntStream.range(0, CALLS).mapToObj(i -> "key-" + i).toList();
  }

  @Test
  void each_call_answers_what_its_processor_returned_on_whichever_member_owns_the_key() {
    IMap<String, String> map = members.first.getMap("entry-calls-test");
    keys().forEach(k -> map.set(k, k));
    EntryCalls<String, String> calls = new EntryCalls<>(map, new Futures(vertx));
    long remote =
        keys().stream()
            .filter(
                k -> !members.first.getPartitionService().getPartition(k).getOwner().localMember())
            .count();
    assertThat(remote).as("keys the other member owns").isPositive();

    for (String key : keys()) {
      assertThat(Await.result(calls.submit(key, new Append("+")))).isEqualTo(key + "+");
      assertThat(Await.result(calls.submit(key, new Length())))
          .containsExactly((byte) (key.length() + 1));
    }
    assertThat(Await.result(calls.submit("missing", new Append("+")))).isNull();
    assertThat(members.second.<String, String>getMap("entry-calls-test").get("key-7"))
        .isEqualTo("key-7+");
  }

  @Test
  void sets_and_gets_reach_the_member_that_owns_the_key_and_keep_a_time_to_live() {
    IMap<String, String> map = members.first.getMap("entry-calls-test");
    EntryCalls<String, String> calls = new EntryCalls<>(map, new Futures(vertx));
    IMap<String, String> seenFromSecond = members.second.getMap("entry-calls-test");

    for (String key : keys()) {
      Await.result(calls.set(key, key + "=v"));
    }
    for (String key : keys()) {
      assertThat(Await.result(calls.get(key))).isEqualTo(key + "=v");
      assertThat(seenFromSecond.get(key)).isEqualTo(key + "=v");
    }
    assertThat(Await.result(calls.get("missing"))).isNull();
    assertThat(seenFromSecond.getEntryView("key-7").getTtl()).as("none").isEqualTo(Long.MAX_VALUE);

    Await.result(calls.set("short-lived", "v", 60_000));
    assertThat(seenFromSecond.getEntryView("short-lived").getTtl()).isEqualTo(60_000);
  }

  @Test
  void a_processor_over_many_keys_is_made_for_each_partitions_keys_and_runs_on_them_once() {
    IMap<String, String> map = members.first.getMap("entry-calls-test");
    keys().forEach(k -> map.set(k, k));
    EntryCalls<String, String> calls = new EntryCalls<>(map, new Futures(vertx));
    List<List<String>> groups = new CopyOnWriteArrayList<>();

    Await.result(
        calls.submitByPartition(
            keys(),
            group -> {
              groups.add(group);
              return new AppendGroupSize(group.size());
            }));

    assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(CALLS);
    assertThat(groups.stream().map(g -> partitionOf(g.get(0))).distinct()).hasSameSizeAs(groups);
    IMap<String, String> seenFromSecond = members.second.getMap("entry-calls-test");
    for (List<String> group : groups) {
      assertThat(group.stream().map(this::partitionOf).distinct()).hasSize(1);
      for (String key : group) {
        assertThat(seenFromSecond.get(key)).isEqualTo(key + "/" + group.size());
      }
    }
  }

  private int partitionOf(String key) {
    return members.first.getPartitionService().getPartition(key).getPartitionId();
  }

  @Test
  void no_call_hands_a_task_to_hazelcasts_async_executor() {
    IMap<String, String> map = members.first.getMap("entry-calls-test");
    keys().forEach(k -> map.set(k, k));
    EntryCalls<String, String> calls = new EntryCalls<>(map, new Futures(vertx));
    // IMap's async calls give every answer to that executor, to deserialize it.
    AtomicInteger handedOver = new AtomicInteger();
    Executor gatewayPool = ConcurrencyUtil.getDefaultAsyncExecutor();
    ConcurrencyUtil.setDefaultAsyncExecutor(
        task -> {
          handedOver.incrementAndGet();
          gatewayPool.execute(task);
        });
    try {
      List<Future<?>> answers = new ArrayList<>();
      for (String key : keys()) {
        answers.add(calls.submit(key, new Append("+")));
        answers.add(calls.set(key + "/copy", key));
        answers.add(calls.get(key + "/copy"));
      }
      answers.add(calls.submitByPartition(keys(), group -> new AppendGroupSize(group.size())));
      Await.result(Future.all(answers));
    } finally {
      ConcurrencyUtil.setDefaultAsyncExecutor(gatewayPool);
    }

    // Both members' own background work may use the executor now and then, never per call. (With
    // IMap's own submitToKey, setAsync and getAsync it runs a task for every one of them.)
    assertThat(handedOver.get()).isLessThan(CALLS / 10);
  }

  @Test
  void every_call_on_a_member_that_has_stopped_fails_as_the_clusters_503_not_by_throwing() {
    IMap<String, String> map = members.first.getMap("entry-calls-test");
    map.set("key-0", "key-0");
    EntryCalls<String, String> calls =
        new EntryCalls<>(map, new Futures(vertx, ClusterFailures::translate));
    members.first.getLifecycleService().terminate();

    // Hazelcast throws at once on a stopped member; each call answers a failed future instead.
    List<Future<?>> answers =
        List.of(
            calls.submit("key-0", new Append("+")),
            calls.set("key-1", "key-1"),
            calls.get("key-0"),
            calls.submitByPartition(List.of("key-0"), group -> new AppendGroupSize(group.size())));
    for (Future<?> answer : answers) {
      assertThat(Await.failure(answer))
          .isInstanceOfSatisfying(
              GatewayException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(GatewayException.Kind.UNAVAILABLE);
                assertThat(e.code()).isEqualTo("cluster_unavailable");
              });
    }
  }
}
