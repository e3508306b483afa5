package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.nearcache.NearCache;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.map.impl.proxy.NearCachedMapProxyImpl;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantFraud;
import dev.otpgateway.tenancy.TenantLimits;
import dev.otpgateway.tenancy.TenantSimSwap;
import dev.otpgateway.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenants on two real members: a tenant read before is answered from the member's near cache on the
 * calling thread, and a change made on the other member reaches that cache.
 */
class HazelcastTenantStoreIT {
  private static final String OLD_KEY = "a".repeat(64);
  private static final String NEW_KEY = "b".repeat(64);

  private final Vertx vertx = Vertx.vertx();
  private TwoMembers members;

  @BeforeEach
  void start() {
    members = new TwoMembers();
  }

  @AfterEach
  void stop() {
    members.close();
    Await.result(vertx.close());
  }

  private HazelcastTenantStore storeOn(HazelcastInstance member) {
    return new HazelcastTenantStore(
        vertx,
        member.getMap(HazelcastSetup.TENANTS),
        member.getMap(HazelcastSetup.TENANT_KEYS),
        new Futures(vertx));
  }

  private static Tenant tenant(String keySha256) {
    return new Tenant(
        "acme",
        "Acme",
        keySha256,
        null,
        new TenantLimits(3, 1000, 6, 300),
        Map.of(),
        null,
        null,
        null,
        TenantFraud.DEFAULT,
        TenantSimSwap.DEFAULT,
        false,
        0,
        0);
  }

  private boolean nearCached(String map, String key) {
    Object held =
        ((NearCachedMapProxyImpl<String, ?>) members.second.<String, Object>getMap(map))
            .getNearCache()
            .get(key);
    return held != null && held != NearCache.CACHED_AS_NULL && !(held instanceof Data);
  }

  @Test
  void a_tenant_read_before_is_answered_on_the_calling_thread() {
    Tenant acme = tenant(OLD_KEY);
    assertThat(Await.result(storeOn(members.first).insert(acme))).isTrue();
    HazelcastTenantStore reader = storeOn(members.second);
    assertThat(Await.result(reader.byKeyHash(OLD_KEY))).isEqualTo(acme);
    // The insert's invalidations reach this member's near cache through Hazelcast's event
    // threads, and may land after the read above had filled it: read until both are held.
    Await.until(
        "the key and its tenant held in the second member's near cache",
        Duration.ofSeconds(5),
        () ->
            Await.result(reader.byKeyHash(OLD_KEY)) != null
                    && nearCached(HazelcastSetup.TENANT_KEYS, OLD_KEY)
                    && nearCached(HazelcastSetup.TENANTS, "acme")
                ? true
                : null);

    // Hazelcast's getAsync answers a hit too, but hands it to its async executor: count what this
    // thread hands over.
    Thread caller = Thread.currentThread();
    AtomicInteger handedOver = new AtomicInteger();
    Executor gatewayPool = ConcurrencyUtil.getDefaultAsyncExecutor();
    ConcurrencyUtil.setDefaultAsyncExecutor(
        task -> {
          if (Thread.currentThread() == caller) {
            handedOver.incrementAndGet();
          }
          gatewayPool.execute(task);
        });
    Future<Tenant> again;
    try {
      again = reader.byKeyHash(OLD_KEY);
    } finally {
      ConcurrencyUtil.setDefaultAsyncExecutor(gatewayPool);
    }

    assertThat(again.isComplete()).as("answered before the call returned").isTrue();
    assertThat(again.result()).isEqualTo(acme);
    assertThat(handedOver).as("tasks handed to Hazelcast's async executor").hasValue(0);
  }

  @Test
  void a_key_rotated_on_one_member_stops_working_on_the_other_and_the_new_one_works() {
    Tenant acme = tenant(OLD_KEY);
    HazelcastTenantStore writer = storeOn(members.first);
    assertThat(Await.result(writer.insert(acme))).isTrue();
    HazelcastTenantStore reader = storeOn(members.second);
    assertThat(Await.result(reader.byKeyHash(OLD_KEY))).isEqualTo(acme);
    assertThat(Await.result(reader.byKeyHash(NEW_KEY))).isNull();

    Tenant rotated = acme.withKey(NEW_KEY, 1);
    Await.result(writer.replace(acme, rotated));

    // Within a second: Hazelcast's batched invalidation took 10 s.
    Await.until(
        "the old key refused on the other member",
        Duration.ofSeconds(1),
        () -> Await.result(reader.byKeyHash(OLD_KEY)) == null ? true : null);
    assertThat(Await.result(reader.byKeyHash(NEW_KEY))).isEqualTo(rotated);
    assertThat(Await.result(reader.byId("acme"))).isEqualTo(rotated);
  }
}
