package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.events.Ids;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.MutableClock;
import dev.otpgateway.testing.Ports;
import dev.otpgateway.verification.Verification;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two members of a cluster that expects three (so writes need two), one of them killed while the
 * other is busy creating verifications: the survivor, alone, must confirm none of them, also in the
 * moment before Hazelcast's split-brain protection learns of the death. Without {@link
 * MinorityGuard} some hundreds are confirmed there: the creates stuck on the dead member's
 * partitions are retried on the survivor as soon as it declares the death, with no backup to wait
 * for.
 */
class MinorityGuardIT {
  private static final int IN_FLIGHT = 300;

  private final MutableClock clock = MutableClock.now();
  private final Vertx vertx = Vertx.vertx();
  private HazelcastInstance survivor;
  private HazelcastInstance doomed;

  @AfterEach
  void stop() {
    if (survivor != null) {
      survivor.shutdown();
    }
    if (doomed != null) {
      doomed.getLifecycleService().terminate();
    }
    Await.result(vertx.close());
  }

  @Test
  void a_member_left_alone_confirms_no_create_not_even_before_the_protection_knows()
      throws Exception {
    int first = Ports.free();
    int second = Ports.free();
    // The third expected member never comes: the quorum is two of three.
    List<String> expected =
        List.of("127.0.0.1:" + first, "127.0.0.1:" + second, "127.0.0.1:" + Ports.free());
    survivor = member(first, expected);
    doomed = member(second, expected);
    assertThat(survivor.getCluster().getMembers()).hasSize(2);
    HazelcastVerificationStore store =
        new HazelcastVerificationStore(
            survivor.getMap(HazelcastSetup.VERIFICATIONS),
            new Futures(vertx, ClusterFailures::translate),
            new StrandedChanges(vertx, StrandedChanges.GRACE, StrandedChanges.AFTERMATH),
            MinorityGuard.of(survivor),
            clock,
            () -> "survivor");

    AtomicInteger confirmedTogether = new AtomicInteger();
    AtomicInteger confirmedAlone = new AtomicInteger();
    AtomicInteger refusedAsMinority = new AtomicInteger();
    AtomicInteger failedOtherwise = new AtomicInteger();
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    long until = killAt + TimeUnit.SECONDS.toNanos(4);
    Thread killer = null;
    while (System.nanoTime() < until) {
      if (killer == null && System.nanoTime() >= killAt) {
        killer = new Thread(() -> doomed.getLifecycleService().terminate());
        killer.start();
      }
      inFlight.acquire();
      store
          .create(started(Ids.mint(Ids.VERIFICATION)))
          .onComplete(
              created -> {
                // The member list only shrinks here, so a create confirmed while the survivor saw
                // both members reads two, unless the death is applied in the instant between the
                // guard's read and this one.
                boolean alone = survivor.getCluster().getMembers().size() < 2;
                if (created.succeeded()) {
                  (alone ? confirmedAlone : confirmedTogether).incrementAndGet();
                } else if (created.cause() instanceof GatewayException g
                    && g.code().equals("cluster_minority")) {
                  refusedAsMinority.incrementAndGet();
                } else {
                  failedOtherwise.incrementAndGet();
                }
                inFlight.release();
              });
    }
    assertThat(inFlight.tryAcquire(IN_FLIGHT, 20, TimeUnit.SECONDS))
        .as("every create answered")
        .isTrue();

    assertThat(confirmedTogether.get()).as("creates confirmed before the death").isPositive();
    assertThat(refusedAsMinority.get()).as("creates refused after it").isPositive();
    assertThat(confirmedAlone.get())
        .as(
            "creates confirmed by the survivor alone (of %d confirmed with its peer, %d refused as"
                + " a minority, %d failed otherwise: unconfirmed when the peer died)",
            confirmedTogether.get(), refusedAsMinority.get(), failedOtherwise.get())
        .isZero();
  }

  private static HazelcastInstance member(int port, List<String> expected) {
    return Hazelcast.newHazelcastInstance(
        HazelcastSetup.config(
            new ClusterOptions("127.0.0.1", port, expected, "", Duration.ofHours(24))));
  }

  private Verification started(String id) {
    return TestVerifications.started(id, clock.millis());
  }
}
