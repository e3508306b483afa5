package dev.otpgateway.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.internal.nearcache.NearCache;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.NearCachedMapProxyImpl;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Consumer;

/** Tenants by id, and an index from API key hash to tenant id; both near-cached on every member. */
final class HazelcastTenantStore implements TenantStore {
  private final Vertx vertx;
  private final IMap<String, Tenant> tenants;
  private final IMap<String, String> keys;
  private final Futures futures;

  HazelcastTenantStore(
      Vertx vertx, IMap<String, Tenant> tenants, IMap<String, String> keys, Futures futures) {
    this.vertx = vertx;
    this.tenants = tenants;
    this.keys = keys;
    this.futures = futures;
  }

  @Override
  public Future<Tenant> byId(String id) {
    return read(tenants, id);
  }

  @Override
  public Future<Tenant> byKeyHash(String keySha256) {
    return read(keys, keySha256).compose(id -> id == null ? Future.succeededFuture() : byId(id));
  }

  /**
   * A near-cache hit answered on the calling thread, a miss through the map. {@code getAsync} would
   * also answer a hit, but through a future that completes on Hazelcast's async executor: two
   * thread hand-offs and wake-ups for a value already here, and a start reads three times (the key,
   * its tenant, and the tenant again for the receipt). The cache is the map's own, so what a change
   * invalidates is missed here too; its values are kept as objects (see {@link HazelcastSetup}), so
   * a value in serialized form is read through the map.
   */
  @SuppressWarnings("unchecked")
  private <V> Future<V> read(IMap<String, V> map, String key) {
    Object cached = ((NearCachedMapProxyImpl<String, V>) map).getNearCache().get(key);
    if (cached == NearCache.CACHED_AS_NULL) {
      return Future.succeededFuture();
    }
    if (cached != null && !(cached instanceof Data)) {
      return Future.succeededFuture((V) cached);
    }
    return futures.call(() -> map.getAsync(key));
  }

  @Override
  public Future<Boolean> insert(Tenant tenant) {
    // putIfAbsent has no async form; it is one short partition operation, run on a worker.
    return futures
        .blocking(() -> tenants.putIfAbsent(tenant.id(), tenant) == null)
        .compose(
            inserted ->
                inserted
                    ? futures
                        .call(() -> keys.setAsync(tenant.apiKeySha256(), tenant.id()))
                        .map(true)
                    : Future.succeededFuture(false));
  }

  @Override
  public Future<Void> replace(Tenant previous, Tenant next) {
    Future<Void> stored = futures.call(() -> tenants.setAsync(next.id(), next));
    if (previous.apiKeySha256().equals(next.apiKeySha256())) {
      return stored;
    }
    return stored
        .compose(v -> futures.call(() -> keys.setAsync(next.apiKeySha256(), next.id())))
        .compose(v -> futures.call(() -> keys.deleteAsync(previous.apiKeySha256())))
        .mapEmpty();
  }

  @Override
  public Future<Tenant> delete(String id) {
    return futures
        .call(() -> tenants.removeAsync(id))
        .compose(
            removed ->
                removed == null
                    ? Future.succeededFuture(null)
                    : futures.call(() -> keys.deleteAsync(removed.apiKeySha256())).map(removed));
  }

  @Override
  public Future<List<Tenant>> all() {
    return futures.blocking(() -> List.copyOf(tenants.values()));
  }

  @Override
  public void onChange(Consumer<TenantChange> listener) {
    tenants.addEntryListener(new Listener(vertx, listener), true);
  }

  /** Hands Hazelcast's events to the listener on a Vert.x context. */
  private record Listener(Vertx vertx, Consumer<TenantChange> listener)
      implements EntryAddedListener<String, Tenant>,
          EntryUpdatedListener<String, Tenant>,
          EntryRemovedListener<String, Tenant> {
    @Override
    public void entryAdded(EntryEvent<String, Tenant> event) {
      emit(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Tenant> event) {
      emit(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, Tenant> event) {
      emit(event.getKey(), null);
    }

    private void emit(String id, Tenant tenant) {
      vertx.runOnContext(v -> listener.accept(new TenantChange(id, tenant)));
    }
  }
}
