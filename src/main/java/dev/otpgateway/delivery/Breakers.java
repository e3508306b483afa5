package dev.otpgateway.delivery;

import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.providers.FailureClassifier;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.routing.BreakerState;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One circuit breaker per provider (vertx-circuit-breaker). Only failures that say the provider is
 * unwell count: a PERMANENT failure (a bad number) says nothing about the provider and must not
 * open its breaker, nor must a call the gateway's own limit refused before it left ({@link
 * ProviderException#ownLimit()}).
 *
 * <p>Each member keeps its own breakers, and tells the others through the {@link BreakerBus} when
 * one opens or closes; a member told applies the change to its own breaker (an opened one then
 * waits out its own reset time). A half-open breaker probes on its own: where the provider offers a
 * cheap request ({@link Provider#probe}) it is sent as the breaker's one trial, so a provider that
 * recovered is used again without waiting for traffic; elsewhere the next real message is the
 * trial.
 */
public final class Breakers {
  private static final Logger LOG = Logger.getLogger(Breakers.class.getName());

  private final Map<String, CircuitBreaker> byProvider = new HashMap<>();

  /** The reason of each provider's last failure that counted, for the line saying it opened. */
  private final Map<String, String> lastCounted = new ConcurrentHashMap<>();

  private final Vertx vertx;
  private final Map<String, Provider> providers;
  private final BreakerBus bus;
  private final Metrics metrics;

  /** Set while a change another member reported is applied here, so it is not told back. */
  private final ThreadLocal<Boolean> applyingRemote = ThreadLocal.withInitial(() -> false);

  public Breakers(
      Vertx vertx,
      Map<String, Provider> providers,
      BreakerSettings settings,
      Metrics metrics,
      BreakerBus bus) {
    this.vertx = vertx;
    this.providers = Map.copyOf(providers);
    this.bus = bus;
    this.metrics = metrics;
    CircuitBreakerOptions options =
        new CircuitBreakerOptions()
            .setMaxFailures(settings.maxFailures())
            .setFailuresRollingWindow(settings.window().toMillis())
            .setResetTimeout(settings.reset().toMillis())
            // Providers bound their own calls; the breaker must not race them with a second timer.
            .setTimeout(-1)
            .setNotificationAddress(null);
    for (String provider : providers.keySet()) {
      CircuitBreaker breaker =
          CircuitBreaker.create("provider-" + provider, vertx, options)
              .openHandler(v -> changed(provider, BreakerState.OPEN))
              .halfOpenHandler(v -> halfOpen(provider))
              .closeHandler(v -> changed(provider, BreakerState.CLOSED));
      breaker.failurePolicy((Future<Object> outcome) -> counts(provider, outcome));
      byProvider.put(provider, breaker);
      metrics.circuitState(provider, gaugeValue(BreakerState.CLOSED));
    }
    bus.subscribe(this::applyRemote);
  }

  /** Whether an outcome counts against the provider; the last that did is kept for the log. */
  private boolean counts(String provider, Future<Object> outcome) {
    if (outcome.succeeded()
        || (outcome.cause() instanceof ProviderException e
            && (e.kind() == FailureKind.PERMANENT || e.ownLimit()))) {
      return false;
    }
    lastCounted.put(provider, FailureClassifier.fromThrowable(provider, outcome.cause()).reason());
    return true;
  }

  private void changed(String provider, BreakerState state) {
    boolean remote = applyingRemote.get();
    // An operator reading "now OPEN" asks why: the failure that tipped it is the answer at hand.
    String why =
        remote
            ? " (as another member saw)"
            : state == BreakerState.OPEN
                ? " (last failure counted: " + lastCounted.get(provider) + ")"
                : "";
    LOG.info(() -> "circuit breaker of " + provider + " is now " + state + why);
    metrics.circuitState(provider, gaugeValue(state));
    if (!remote && state != BreakerState.HALF_OPEN) {
      bus.publish(new BreakerBus.Change(provider, state, null));
    }
  }

  /**
   * The reset time is over: the breaker lets one call through. Where the provider has a probe, that
   * call is the probe, now; its success closes the breaker (and tells every member), its failure
   * opens it again for another reset time.
   */
  private void halfOpen(String provider) {
    changed(provider, BreakerState.HALF_OPEN);
    Provider p = providers.get(provider);
    if (p == null || !p.probes()) {
      return;
    }
    // Not inside the breaker's own state change: the probe starts once that has returned.
    vertx.runOnContext(v -> probe(provider, p));
  }

  private void probe(String provider, Provider p) {
    execute(provider, p::probe)
        .onComplete(
            probed ->
                LOG.info(
                    () ->
                        "probe of "
                            + provider
                            + (probed.succeeded()
                                ? " answered: its breaker closes"
                                : " failed ("
                                    + FailureClassifier.fromThrowable(provider, probed.cause())
                                        .reason()
                                    + "): its breaker stays open")));
  }

  /** Another member's breaker opened or closed: this member's follows. */
  private void applyRemote(BreakerBus.Change change) {
    CircuitBreaker breaker = byProvider.get(change.provider());
    if (breaker == null || state(change.provider()) == change.state()) {
      return;
    }
    applyingRemote.set(true);
    try {
      switch (change.state()) {
        case OPEN -> breaker.open();
        case CLOSED -> breaker.reset();
        case HALF_OPEN -> {
          // Each member probes on its own once its own reset time is over.
        }
      }
    } finally {
      applyingRemote.set(false);
    }
  }

  /** The value {@code otp_circuit_state} shows: 0 closed, 1 half-open, 2 open. */
  static int gaugeValue(BreakerState state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /** Runs the call through the provider's breaker; an open breaker fails fast, RETRYABLE. */
  public <T> Future<T> execute(String provider, Supplier<Future<T>> call) {
    CircuitBreaker breaker = byProvider.get(provider);
    return breaker
        .execute(call)
        .recover(
            failure ->
                failure instanceof OpenCircuitException
                    ? Future.failedFuture(
                        new ProviderException(
                            provider,
                            FailureKind.RETRYABLE,
                            0,
                            "circuit_open",
                            "its circuit breaker is open"))
                    : Future.failedFuture(failure));
  }

  /**
   * Runs a call made far more often than it fails (RBM's capability check, once a start) so that
   * its failures count as {@link #execute}'s do, but a closed breaker's successes skip the
   * breaker's own bookkeeping: with every capability check through {@link #execute} the benchmark
   * ran at 0.93x the rate and 1.09x the CPU a start (docs/benchmarks.md). Half-open and open, it is
   * {@link #execute}: the call is the trial, or fails fast.
   */
  public <T> Future<T> executeCountingFailures(String provider, Supplier<Future<T>> call) {
    if (state(provider) != BreakerState.CLOSED) {
      return execute(provider, call);
    }
    return call.get().recover(failure -> execute(provider, () -> Future.failedFuture(failure)));
  }

  public BreakerState state(String provider) {
    CircuitBreaker breaker = byProvider.get(provider);
    if (breaker == null) {
      return BreakerState.CLOSED;
    }
    return switch (breaker.state()) {
      case OPEN -> BreakerState.OPEN;
      case HALF_OPEN -> BreakerState.HALF_OPEN;
      case CLOSED -> BreakerState.CLOSED;
    };
  }

  public void close() {
    byProvider.values().forEach(CircuitBreaker::close);
  }
}
