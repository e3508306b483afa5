package dev.otpgateway.delivery;

import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.routing.BreakerState;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One circuit breaker per provider (vertx-circuit-breaker). Only failures that say the provider is
 * unwell count: a PERMANENT failure (a bad number) says nothing about the provider and must not
 * open its breaker.
 */
public final class Breakers {
  private static final Logger LOG = Logger.getLogger(Breakers.class.getName());

  private final Map<String, CircuitBreaker> byProvider = new HashMap<>();

  public Breakers(
      Vertx vertx, Collection<String> providers, BreakerSettings settings, Metrics metrics) {
    CircuitBreakerOptions options =
        new CircuitBreakerOptions()
            .setMaxFailures(settings.maxFailures())
            .setFailuresRollingWindow(settings.window().toMillis())
            .setResetTimeout(settings.reset().toMillis())
            // Providers bound their own calls; the breaker must not race them with a second timer.
            .setTimeout(-1)
            .setNotificationAddress(null);
    for (String provider : providers) {
      CircuitBreaker breaker =
          CircuitBreaker.create("provider-" + provider, vertx, options)
              .openHandler(v -> changed(metrics, provider, BreakerState.OPEN))
              .halfOpenHandler(v -> changed(metrics, provider, BreakerState.HALF_OPEN))
              .closeHandler(v -> changed(metrics, provider, BreakerState.CLOSED));
      breaker.failurePolicy(
          (Future<Object> outcome) ->
              outcome.failed()
                  && !(outcome.cause() instanceof ProviderException e
                      && e.kind() == FailureKind.PERMANENT));
      byProvider.put(provider, breaker);
      metrics.circuitState(provider, gaugeValue(BreakerState.CLOSED));
    }
  }

  private static void changed(Metrics metrics, String provider, BreakerState state) {
    LOG.info(() -> "circuit breaker of " + provider + " is now " + state);
    metrics.circuitState(provider, gaugeValue(state));
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
