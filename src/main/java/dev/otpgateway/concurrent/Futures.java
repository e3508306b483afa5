package dev.otpgateway.concurrent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one bridge from CompletionStages (Hazelcast's, a provider SDK's executor) to Vert.x futures.
 * Those stages complete on foreign threads; this resumes on the caller's context, so handlers keep
 * running on their event loop.
 */
public final class Futures {
  /**
   * Runs the completion callback on the thread that completed the stage. A plain {@code
   * whenComplete} lets Hazelcast hand each callback to its default async executor, which on a
   * machine with two cores (a common pool of parallelism 1) starts a new thread per callback.
   */
  private static final Executor ON_COMPLETING_THREAD = Runnable::run;

  private final Vertx vertx;
  private final UnaryOperator<Throwable> failures;

  public Futures(Vertx vertx) {
    this(vertx, UnaryOperator.identity());
  }

  /**
   * @param failures turns a stage's failure into the one callers see (a store's own exceptions into
   *     the gateway's)
   */
  public Futures(Vertx vertx, UnaryOperator<Throwable> failures) {
    this.vertx = vertx;
    this.failures = failures;
  }

  /**
   * {@link #of} for a call that can also fail before it returns its stage: Hazelcast throws at once
   * when its instance has stopped. That failure is turned by {@code failures} too, and answered as
   * a failed future, so that callers see one kind of failure whichever way it came.
   */
  public <T> Future<T> call(Supplier<? extends CompletionStage<T>> call) {
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(failures.apply(e));
    }
    return of(stage);
  }

  /**
   * A blocking call (a Hazelcast operation with no asynchronous form) on a worker thread, its
   * failure turned by {@code failures} as a stage's is.
   */
  public <T> Future<T> blocking(Callable<T> call) {
    return vertx
        .executeBlocking(call, false)
        .recover(failure -> Future.failedFuture(failures.apply(failure)));
  }

  public <T> Future<T> of(CompletionStage<T> stage) {
    if (stage instanceof CompletableFuture<T> done
        && done.isDone()
        && !done.isCompletedExceptionally()) {
      // Already answered: continue right here, no hop through the event loop.
      return Future.succeededFuture(done.getNow(null));
    }
    Context current = Vertx.currentContext();
    Context context = current != null ? current : vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    stage.whenCompleteAsync(
        (value, failure) ->
            context.runOnContext(
                v -> {
                  if (failure == null) {
                    promise.complete(value);
                  } else {
                    promise.fail(
                        failures.apply(
                            failure instanceof CompletionException wrapped
                                    && wrapped.getCause() != null
                                ? wrapped.getCause()
                                : failure));
                  }
                }),
        ON_COMPLETING_THREAD);
    return promise.future();
  }
}
