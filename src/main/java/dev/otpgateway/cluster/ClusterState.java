package dev.otpgateway.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import dev.otpgateway.abuse.FraudCounterStore;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.conversion.ConversionStore;
import dev.otpgateway.delivery.BreakerBus;
import dev.otpgateway.delivery.ReceiptIndex;
import dev.otpgateway.delivery.VolumeStore;
import dev.otpgateway.ledger.SpendStore;
import dev.otpgateway.tenancy.TenantStore;
import dev.otpgateway.verification.DestinationStore;
import dev.otpgateway.verification.IdempotencyStore;
import dev.otpgateway.verification.Membership;
import dev.otpgateway.verification.VerificationStore;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** The shared state of the cluster, each part behind the small interface its feature defines. */
public final class ClusterState {
  private final HazelcastInstance hazelcast;
  private final VerificationStore verifications;
  private final DestinationStore destinations;
  private final IdempotencyStore idempotency;
  private final TenantStore tenants;
  private final VolumeStore volumes;
  private final ConversionStore conversions;
  private final ReceiptIndex receiptIndex;
  private final Membership membership;
  private final SpendStore spend;
  private final BreakerBus breakers;
  private final FraudCounterStore fraudCounters;

  /** Where Hazelcast runs the continuations of async map calls; see {@link #clusterManager}. */
  /** Names the threads of {@link #HAZELCAST_CONTINUATIONS}, so a test and a profile see them. */
  static final String CONTINUATION_THREAD = "otp-hazelcast-continuation-";

  private static final Executor HAZELCAST_CONTINUATIONS =
      new ForkJoinPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          pool -> {
            ForkJoinWorkerThread thread =
                ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName(CONTINUATION_THREAD + thread.getPoolIndex());
            return thread;
          },
          null,
          true);

  /** The cluster manager a gateway node joins with: a Hazelcast member configured for us. */
  public static ClusterManager clusterManager(ClusterOptions options) {
    // Hazelcast chains every async map call (getAsync, submitToKey, ...) through its default async
    // executor: the common ForkJoin pool, or, where that pool has parallelism 1 (two cores), a new
    // thread per continuation; a profile counted 55,000 threads started in 25 s under load. A pool
    // of its own fixes that. (Running them on the completing thread is not an option: some of
    // Hazelcast's own continuations make remote calls, which its response threads may not.)
    // Hazelcast offers no supported setting for it: ConcurrencyUtil is internal, and this changes a
    // JVM-wide default, which is why it is done here and only here. HazelcastContinuationsIT fails
    // if a Hazelcast upgrade moves or ignores it.
    ConcurrencyUtil.setDefaultAsyncExecutor(HAZELCAST_CONTINUATIONS);
    return new HazelcastClusterManager(HazelcastSetup.config(options));
  }

  /** The shared state, over the Hazelcast member that {@code manager} started. */
  public ClusterState(Vertx vertx, ClusterManager manager, Clock clock) {
    this(vertx, ((HazelcastClusterManager) manager).getHazelcastInstance(), clock);
  }

  private ClusterState(Vertx vertx, HazelcastInstance hazelcast, Clock clock) {
    this.hazelcast = hazelcast;
    Futures futures = new Futures(vertx, ClusterFailures::translate);
    this.membership = new HazelcastMembership(hazelcast);
    IMap<VerificationKey, byte[]> verificationMap = hazelcast.getMap(HazelcastSetup.VERIFICATIONS);
    // A change to a verification whose backup copy did not confirm fails (503) instead of
    // succeeding on one copy: when that copy is on the far side of a partition, the other side
    // would promote the unchanged backup and approve the same code a second time.
    ((MapProxyImpl<?, ?>) verificationMap).setFailOnIndeterminateOperationState(true);
    // ... and fails soon when the member holding that copy died, not seconds later.
    StrandedChanges stranded =
        new StrandedChanges(vertx, StrandedChanges.GRACE, StrandedChanges.AFTERMATH);
    membership.onMemberLeft(stranded::memberLeft);
    this.verifications =
        new HazelcastVerificationStore(
            verificationMap,
            futures,
            stranded,
            MinorityGuard.of(hazelcast),
            clock,
            membership::self);
    this.destinations =
        new HazelcastDestinationStore(
            hazelcast.getMap(HazelcastSetup.DESTINATIONS),
            futures,
            clock,
            HazelcastDestinationStore.agreedBuckets(hazelcast));
    this.idempotency =
        new HazelcastIdempotencyStore(hazelcast.getMap(HazelcastSetup.IDEMPOTENCY), futures, clock);
    this.tenants =
        new HazelcastTenantStore(
            vertx,
            hazelcast.getMap(HazelcastSetup.TENANTS),
            hazelcast.getMap(HazelcastSetup.TENANT_KEYS),
            futures);
    this.volumes = new HazelcastVolumeStore(hazelcast.getMap(HazelcastSetup.VOLUMES), futures);
    this.conversions =
        new HazelcastConversionStore(hazelcast.getMap(HazelcastSetup.CONVERSIONS), futures);
    this.spend = new HazelcastSpendStore(hazelcast.getMap(HazelcastSetup.SPEND), futures);
    this.breakers =
        new HazelcastBreakerBus(
            hazelcast.getTopic(HazelcastSetup.BREAKERS), vertx, membership.self());
    IMap<String, byte[]> fraudCounterMap = hazelcast.getMap(HazelcastSetup.FRAUD_COUNTERS);
    // The same for an addition to the fraud counters: failed, it goes back to the member's pending
    // counts and is added again, rather than living only on a copy that may lose the merge after a
    // split brain (FraudCounterMergePolicy).
    ((MapProxyImpl<?, ?>) fraudCounterMap).setFailOnIndeterminateOperationState(true);
    this.fraudCounters = new HazelcastFraudCounterStore(fraudCounterMap, futures);
    this.receiptIndex =
        new HazelcastReceiptIndex(hazelcast.getMap(HazelcastSetup.RECEIPT_INDEX), futures, clock);
  }

  /**
   * What Hazelcast counts for the records of the verifications and destinations maps this member
   * holds (their keys' and values' bytes and its per-record overhead, not the objects a start
   * leaves elsewhere), its own and its backups of the others', by map: what admission paces against
   * the heap budget, and what the operators see.
   */
  public StateSize stateSize() {
    LocalMapStats verifications = hazelcast.getMap(HazelcastSetup.VERIFICATIONS).getLocalMapStats();
    LocalMapStats destinations = hazelcast.getMap(HazelcastSetup.DESTINATIONS).getLocalMapStats();
    return new StateSize(
        verifications.getOwnedEntryCount() + verifications.getBackupEntryCount(),
        verifications.getOwnedEntryMemoryCost() + verifications.getBackupEntryMemoryCost(),
        destinations.getOwnedEntryCount() + destinations.getBackupEntryCount(),
        destinations.getOwnedEntryMemoryCost() + destinations.getBackupEntryMemoryCost());
  }

  /** Records held and Hazelcast's count of their bytes, for the two maps that grow with starts. */
  public record StateSize(
      long verifications, long verificationBytes, long destinations, long destinationBytes) {}

  public FraudCounterStore fraudCounters() {
    return fraudCounters;
  }

  public SpendStore spend() {
    return spend;
  }

  /** Where breaker changes are told to every member. */
  public BreakerBus breakers() {
    return breakers;
  }

  public Membership membership() {
    return membership;
  }

  public VerificationStore verifications() {
    return verifications;
  }

  public DestinationStore destinations() {
    return destinations;
  }

  public IdempotencyStore idempotency() {
    return idempotency;
  }

  public TenantStore tenants() {
    return tenants;
  }

  public ReceiptIndex receiptIndex() {
    return receiptIndex;
  }

  public VolumeStore volumes() {
    return volumes;
  }

  public ConversionStore conversions() {
    return conversions;
  }

  public boolean running() {
    return hazelcast.getLifecycleService().isRunning();
  }

  /**
   * Runs {@code action} once the Hazelcast member has stopped, whoever stopped it: the gateway
   * leaving, or the member itself (a merge after a split brain that could not rejoin, an error it
   * cannot survive). Called on the thread that stopped it.
   */
  public void onStopped(Runnable action) {
    hazelcast
        .getLifecycleService()
        .addLifecycleListener(
            event -> {
              if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                action.run();
              }
            });
  }

  /** How many members the cluster has now. */
  public int memberCount() {
    return hazelcast.getCluster().getMembers().size();
  }

  /** Tells {@code listener} the cluster's size now and after each change. */
  public void onMemberCount(java.util.function.IntConsumer listener) {
    ((HazelcastMembership) membership).onSize(listener);
  }
}
