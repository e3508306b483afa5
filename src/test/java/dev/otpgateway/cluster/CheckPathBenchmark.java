package dev.otpgateway.cluster;

import com.hazelcast.map.ExtendedMapEntry;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.CodeSealer;
import dev.otpgateway.otp.OtpKeys;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.testing.Routes;
import dev.otpgateway.verification.Attempt;
import dev.otpgateway.verification.CheckResult;
import dev.otpgateway.verification.DeliveryState;
import dev.otpgateway.verification.SendTrigger;
import dev.otpgateway.verification.Transition;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationCodec;
import dev.otpgateway.verification.VerificationStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The check path: {@code POST /v1/verifications/{id}/check} minus HTTP. Run with {@code bench/jmh
 * CheckPath -f 1}; results go in {@code docs/benchmarks.md}. Not a timed test: nothing fails if it
 * is slow, a reviewer reads the number.
 *
 * <p>Two layers. {@link OnTheOwner} runs exactly what the owning member runs per check (hash the
 * candidate, decode the stored record, check, encode, encode the result) on a realistic record, so
 * its number is the CPU a check costs. {@link ThroughHazelcast} adds the rest of the path a check
 * takes in the gateway: the verification store's {@code update} on a real standalone Hazelcast
 * member, its partition thread, the continuation pool and the hop back to a Vert.x context.
 */
public class CheckPathBenchmark {
  private static final OtpKeys KEYS = OtpKeys.derive(new byte[32]);
  private static final String CODE = "493817";
  private static final String TENANT = "acme";

  /** A verification as a start leaves it: one SMS accepted by a provider, routing recorded. */
  static Verification sent(String id, CodeHasher hasher, long now) {
    Verification.Route route =
        Routes.messagebirdInUs(
            "sha256:9f2c4e0b7d1a3c5e8f6a2b4d0c9e7f1a3b5d7c9e2f4a6b8d0c1e3f5a7b9d2c4e");
    Verification v =
        Verification.start(
            new Verification.Draft(
                id,
                TENANT,
                new Destination("+12025550123", "US"),
                new Verification.Request(
                    "en",
                    null,
                    null,
                    null,
                    Risk.LOW,
                    ChannelPreference.AUTO,
                    false,
                    "user-42",
                    null),
                hasher.hash(id, CODE, ""),
                new CodeSealer(KEYS).seal(id, CODE),
                now,
                now + 300_000,
                now + 300_000 + 600_000,
                0,
                List.of(),
                new BigDecimal("0.0075"),
                route));
    v.recordSend(
        new Verification.SendRecord(
            List.of(
                new Attempt(
                    1,
                    "messagebird",
                    Channel.SMS,
                    SendTrigger.INITIAL,
                    true,
                    null,
                    null,
                    "e8077d803532c0b5937c639b60216938",
                    now,
                    DeliveryState.PENDING,
                    0,
                    new BigDecimal("0.0075"),
                    1,
                    0.1,
                    now + 60_000)),
            route,
            null,
            new BigDecimal("0.0075"),
            null,
            now,
            1,
            false));
    // Published long ago, as a check finds it: nothing left in its outbox.
    v.stampUnpublished("member", now + Verification.OUTBOX_HORIZON_MILLIS + 1);
    return v;
  }

  /** What the owning member does per check, with no cluster around it. */
  @State(Scope.Thread)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public static class OnTheOwner {
    private CodeHasher hasher;
    private String id;
    private byte[] stored;
    private long now;

    @Setup
    public void setUp() {
      hasher = new CodeHasher(KEYS);
      now = System.currentTimeMillis();
      id = "ver_3k9d2mf8q1x7w4c6v0b5n2z8hj";
      stored = VerificationCodec.encode(sent(id, hasher, now));
    }

    /** A wrong code: counted, the verification stays pending. */
    @Benchmark
    public byte[] wrongCode() {
      return check("000000");
    }

    /** The right code: approved and consumed. */
    @Benchmark
    public byte[] rightCode() {
      return check(CODE);
    }

    private byte[] check(String candidate) {
      // The entry starts from the same stored bytes every time, as each real check finds its own.
      StoredEntry entry = new StoredEntry(id, stored);
      return new VerificationProcessor(
              TENANT, new Transition.CheckCode(hasher.hash(id, candidate, ""), now), "member")
          .process(entry);
    }
  }

  /**
   * Checks through the verification store on a real Hazelcast member. Each check consumes its
   * verification, so every iteration first stores a fresh batch and then times one right-code check
   * of each; the score is the time per batch, divided by {@link #BATCH} in the write-up.
   */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 5, batchSize = 1)
  @Measurement(iterations = 10, batchSize = 1)
  public static class ThroughHazelcast {
    static final int BATCH = 20_000;

    /** How many checks are in flight at once, as concurrent HTTP requests would have them. */
    static final int IN_FLIGHT = 64;

    private Vertx vertx;
    private VerificationStore store;
    private CodeHasher hasher;
    private String[] ids;

    @Setup(Level.Trial)
    public void startMember() throws Exception {
      ClusterManager manager = ClusterState.clusterManager(ClusterOptions.standalone(Ports.free()));
      vertx =
          Vertx.builder()
              .with(eventBusOnLoopback())
              .withClusterManager(manager)
              .buildClustered()
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      store = new ClusterState(vertx, manager, Clock.systemUTC()).verifications();
      hasher = new CodeHasher(KEYS);
    }

    private static VertxOptions eventBusOnLoopback() {
      VertxOptions options = new VertxOptions();
      options
          .getEventBusOptions()
          .setHost("127.0.0.1")
          .setPort(0)
          .setClusterPublicHost("127.0.0.1");
      return options;
    }

    @Setup(Level.Iteration)
    public void storeFreshBatch() throws Exception {
      long now = System.currentTimeMillis();
      ids = new String[BATCH];
      for (int i = 0; i < BATCH; i++) {
        ids[i] = String.format("ver_bench%021d", i);
        await(store.create(sent(ids[i], hasher, now)));
      }
    }

    @TearDown(Level.Trial)
    public void stopMember() throws Exception {
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** {@link #BATCH} right-code checks, {@link #IN_FLIGHT} at a time, each awaited in full. */
    @Benchmark
    public int approveBatch() throws Exception {
      long now = System.currentTimeMillis();
      Semaphore window = new Semaphore(IN_FLIGHT);
      AtomicInteger approved = new AtomicInteger();
      for (String id : ids) {
        window.acquire();
        store
            .update(id, TENANT, new Transition.CheckCode(hasher.hash(id, CODE, ""), now))
            .onComplete(
                updated -> {
                  if (updated.succeeded()
                      && updated.result().result().outcome() == CheckResult.Outcome.APPROVED) {
                    approved.incrementAndGet();
                  }
                  window.release();
                });
      }
      window.acquire(IN_FLIGHT);
      if (approved.get() != BATCH) {
        throw new IllegalStateException(approved.get() + " of " + BATCH + " checks approved");
      }
      return approved.get();
    }

    private static <T> T await(Future<T> future) throws Exception {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** A map entry the processor can update, as Hazelcast hands it one. */
  private static final class StoredEntry implements ExtendedMapEntry<VerificationKey, byte[]> {
    private final VerificationKey key;
    private byte[] value;

    StoredEntry(String id, byte[] value) {
      this.key = VerificationKey.of(id);
      this.value = value;
    }

    @Override
    public VerificationKey getKey() {
      return key;
    }

    @Override
    public byte[] getValue() {
      return value;
    }

    @Override
    public byte[] setValue(byte[] newValue) {
      byte[] old = value;
      value = newValue;
      return old;
    }

    @Override
    public byte[] setValue(byte[] newValue, long ttl, TimeUnit unit) {
      return setValue(newValue);
    }

    @Override
    public byte[] setValueWithoutChangingExpiryTime(byte[] newValue) {
      return setValue(newValue);
    }
  }
}
