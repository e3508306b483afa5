package dev.otpgateway.tenancy;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/** Tenants shared by every node, found by id or by the hash of their API key. */
public interface TenantStore {

  /** Null when there is none. */
  Future<Tenant> byId(String id);

  /** Null when no tenant has this key. */
  Future<Tenant> byKeyHash(String keySha256);

  /** False when a tenant with this id exists. */
  Future<Boolean> insert(Tenant tenant);

  /** Replaces a tenant, moving its key index when the key changed. */
  Future<Void> replace(Tenant previous, Tenant next);

  /** The removed tenant, or null when there was none. */
  Future<Tenant> delete(String id);

  Future<List<Tenant>> all();

  /** Called on every node for every change, wherever it was made: used to mirror to disk. */
  void onChange(Consumer<TenantChange> listener);

  /** A tenant that was stored ({@code tenant} set) or removed ({@code tenant} null). */
  record TenantChange(String id, Tenant tenant) {}
}
