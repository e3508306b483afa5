package dev.otpgateway.concurrent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one bridge from CompletionStages (Hazelcast's, a provider SDK's executor) to Vert.x futures.
 * Those stages complete on foreign threads; this resumes on the caller's context, so handlers keep
 * running on their event loop.
 */
public final class Futures {
  private final Vertx vertx;

  public Futures(Vertx vertx) {
    this.vertx = vertx;
  }

  public <T> Future<T> of(CompletionStage<T> stage) {
    if (stage instanceof CompletableFuture<T> done
        && done.isDone()
        && !done.isCompletedExceptionally()) {
      // Already answered (a near-cache hit): continue right here, no hop through the event loop.
      return Future.succeededFuture(done.getNow(null));
    }
    Context context = Vertx.currentContext();
    return Future.fromCompletionStage(
        stage, context != null ? context : vertx.getOrCreateContext());
  }
}
