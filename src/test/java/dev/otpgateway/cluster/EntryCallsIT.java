package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Entry processors through {@link EntryCalls} on two real members: each answers what it returned,
 * from the member that owns the key, with no task for Hazelcast's async executor.
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
  void no_call_hands_a_task_to_hazelcasts_async_executor() {
    IMap<String, String> map = members.first.getMap("entry-calls-test");
    keys().forEach(k -> map.set(k, k));
    EntryCalls<String, String> calls = new EntryCalls<>(map, new Futures(vertx));
    // IMap.submitToKey's future gives every call's answer to that executor, to deserialize it.
    AtomicInteger handedOver = new AtomicInteger();
    Executor gatewayPool = ConcurrencyUtil.getDefaultAsyncExecutor();
    ConcurrencyUtil.setDefaultAsyncExecutor(
        task -> {
          handedOver.incrementAndGet();
          gatewayPool.execute(task);
        });
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (String key : keys()) {
        answers.add(calls.submit(key, new Append("+")));
      }
      Await.result(Future.all(answers));
    } finally {
      ConcurrencyUtil.setDefaultAsyncExecutor(gatewayPool);
    }

    // Both members' own background work may use the executor now and then, never per call.
    assertThat(handedOver.get()).isLessThan(CALLS / 10);
  }
}
