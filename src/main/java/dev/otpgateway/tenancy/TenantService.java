package dev.otpgateway.tenancy;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creates, changes and authenticates tenants. API keys are shown once, when made, and kept only as
 * hashes. Tenants declared in the config file are read-only here: the file is their source.
 */
public final class TenantService {
  private static final Logger LOG = Logger.getLogger(TenantService.class.getName());
  public static final String KEY_PREFIX = "otpk_";

  /** Callback secrets start so; the whole string, prefix included, is the HMAC key. */
  public static final String CALLBACK_SECRET_PREFIX = "whsec_";

  private final TenantStore store;
  private final TenantFiles files;
  private final Clock clock;
  private final CallbackTargetPolicy callbackTargets;

  public TenantService(
      TenantStore store, TenantFiles files, Clock clock, CallbackTargetPolicy callbackTargets) {
    this.store = store;
    this.files = files;
    this.clock = clock;
    this.callbackTargets = callbackTargets;
    // Every node mirrors every change to its own data directory, so whichever node restarts
    // finds the tenants that exist now, and a deleted one does not come back.
    store.onChange(
        change -> {
          Future<Void> mirrored =
              change.tenant() == null
                  ? files.delete(change.id())
                  : change.tenant().fromConfig()
                      ? Future.succeededFuture()
                      : files.write(change.tenant());
          mirrored.onFailure(
              e -> LOG.log(Level.WARNING, "tenant " + change.id() + " not mirrored to disk", e));
        });
  }

  /** Where this node lets tenants' status callbacks go. */
  public CallbackTargetPolicy callbackTargets() {
    return callbackTargets;
  }

  /** A tenant with its new API key, which is shown this once. */
  public record WithKey(Tenant tenant, String apiKey) {}

  /** Loads the tenants kept on disk, then the ones the config declares (which win). */
  public Future<Integer> start(List<Tenant> declaredInConfig) {
    return files
        .loadAll()
        .compose(
            onDisk -> {
              List<Future<?>> inserts = new java.util.ArrayList<>();
              for (Tenant t : onDisk) {
                inserts.add(store.insert(t));
              }
              for (Tenant t : declaredInConfig) {
                inserts.add(
                    store
                        .byId(t.id())
                        .compose(
                            old ->
                                old == null ? store.insert(t).mapEmpty() : store.replace(old, t)));
              }
              return Future.all(inserts).map(all -> onDisk.size() + declaredInConfig.size());
            });
  }

  public Future<WithKey> create(TenantSpec spec) {
    long now = clock.millis();
    String key = ApiKeys.generate(KEY_PREFIX);
    String callbackSecret =
        spec.statusCallbackUrl() == null ? null : ApiKeys.generate(CALLBACK_SECRET_PREFIX);
    Tenant tenant =
        new Tenant(
            spec.id(),
            spec.name() == null ? spec.id() : spec.name(),
            ApiKeys.sha256Hex(key),
            spec.allowedCountries(),
            spec.limits(),
            spec.templates(),
            spec.statusCallbackUrl(),
            callbackSecret,
            spec.budget(),
            spec.fraud(),
            spec.simSwap(),
            false,
            now,
            now);
    return store
        .insert(tenant)
        .compose(
            inserted -> {
              if (!inserted) {
                return Future.failedFuture(
                    GatewayException.of(
                        Kind.CONFLICT,
                        "tenant_exists",
                        "a tenant with id '" + spec.id() + "' exists"));
              }
              // Written before answering, so a created tenant survives an immediate restart.
              return files.write(tenant).map(v -> new WithKey(tenant, key));
            });
  }

  public Future<Tenant> get(String id) {
    return store
        .byId(id)
        .compose(t -> t == null ? Future.failedFuture(missing(id)) : Future.succeededFuture(t));
  }

  public Future<List<Tenant>> list() {
    return store.all();
  }

  public Future<Tenant> update(String id, TenantPatch patch) {
    return editable(id)
        .compose(
            old -> {
              String secret =
                  old.callbackSecret() != null
                      ? old.callbackSecret()
                      : ApiKeys.generate(CALLBACK_SECRET_PREFIX);
              Tenant next = patch.applyTo(old, secret, clock.millis());
              return store.replace(old, next).compose(v -> files.write(next)).map(v -> next);
            });
  }

  public Future<Void> delete(String id) {
    return editable(id).compose(t -> store.delete(id)).compose(removed -> files.delete(id));
  }

  /** A new key; the old one stops working at once. */
  public Future<WithKey> rotateKey(String id) {
    return editable(id)
        .compose(
            old -> {
              String key = ApiKeys.generate(KEY_PREFIX);
              Tenant next = old.withKey(ApiKeys.sha256Hex(key), clock.millis());
              return store
                  .replace(old, next)
                  .compose(v -> files.write(next))
                  .map(v -> new WithKey(next, key));
            });
  }

  /**
   * A new status callback secret; callbacks are signed with it from now on and the old one stops
   * verifying at once. Only for a tenant with a callback URL: without one there is nothing to sign.
   */
  public Future<Tenant> rotateCallbackSecret(String id) {
    return editable(id)
        .compose(
            old -> {
              if (old.statusCallbackUrl() == null) {
                return Future.failedFuture(
                    GatewayException.of(
                        Kind.CONFLICT,
                        "no_status_callback_url",
                        "tenant '"
                            + id
                            + "' has no status_callback_url, so it has no callback secret"));
              }
              Tenant next =
                  old.withCallbackSecret(ApiKeys.generate(CALLBACK_SECRET_PREFIX), clock.millis());
              return store.replace(old, next).compose(v -> files.write(next)).map(v -> next);
            });
  }

  /** The tenant this key belongs to; fails UNAUTHENTICATED otherwise. */
  public Future<Tenant> authenticate(String presentedKey) {
    if (presentedKey == null || !presentedKey.startsWith(KEY_PREFIX)) {
      return Future.failedFuture(unauthenticated());
    }
    return store
        .byKeyHash(ApiKeys.sha256Hex(presentedKey))
        .compose(
            t -> t == null ? Future.failedFuture(unauthenticated()) : Future.succeededFuture(t));
  }

  private Future<Tenant> editable(String id) {
    return get(id)
        .compose(
            t ->
                t.fromConfig()
                    ? Future.failedFuture(
                        GatewayException.of(
                            Kind.CONFLICT,
                            "tenant_in_config",
                            "tenant '" + id + "' is declared in the config file; change it there"))
                    : Future.succeededFuture(t));
  }

  private static GatewayException missing(String id) {
    return GatewayException.notFound("no tenant '" + id + "'");
  }

  public static GatewayException unauthenticated() {
    return GatewayException.of(
        Kind.UNAUTHENTICATED,
        "unauthenticated",
        "a valid API key is required: Authorization: Bearer <key>");
  }
}
