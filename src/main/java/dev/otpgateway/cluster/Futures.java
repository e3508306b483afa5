package dev.otpgateway.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionStage;

/**
 * The one bridge from Hazelcast's CompletionStages to Vert.x futures. Hazelcast completes its
 * stages on its own threads; this resumes on the caller's context, so handlers keep running on
 * their event loop.
 */
final class Futures {
  private final Vertx vertx;

  Futures(Vertx vertx) {
    this.vertx = vertx;
  }

  <T> Future<T> of(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    return Future.fromCompletionStage(
        stage, context != null ? context : vertx.getOrCreateContext());
  }
}
