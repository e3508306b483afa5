package dev.otpgateway.providers.twilio;

import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.providers.FailureClassifier;
import dev.otpgateway.providers.ProviderException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs the SDK's blocking calls on Twilio's own bounded executor, never on an event loop nor on the
 * SDK's unbounded default pool. A full queue fails at once as RETRYABLE ({@code bulkhead_full}).
 * Every call has a deadline counted from submission: a call still queued then is withdrawn and
 * never runs (RETRYABLE, nothing went out); a call already running may have written its request
 * (AMBIGUOUS). The first two are this gateway's own limit ({@link ProviderException#ownLimit()}),
 * not Twilio's: a call that ran and timed out is what tells Twilio's breaker that Twilio is slow.
 * Results come back on the caller's context through {@link Futures}.
 *
 * <p>The queue holds as many calls as there are threads: a call queued behind more than one full
 * round of the pool would wait past its deadline anyway.
 */
final class TwilioBulkhead {
  private final Vertx vertx;
  private final Futures futures;
  private final ThreadPoolExecutor executor;
  private final long deadlineMs;

  TwilioBulkhead(Vertx vertx, int threads, Duration deadline) {
    this.vertx = vertx;
    this.futures = new Futures(vertx);
    this.deadlineMs = deadline.toMillis();
    AtomicInteger sequence = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(threads),
            task -> {
              Thread thread = new Thread(task, "twilio-sdk-" + sequence.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * @param call the blocking SDK call
   * @param classify turns what the call threw into a classified failure
   */
  <T> Future<T> call(BlockingCall<T> call, Function<Throwable, ProviderException> classify) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Future<T> answer = futures.of(result);
    AtomicBoolean claimed = new AtomicBoolean();
    Runnable task =
        () -> {
          if (!claimed.compareAndSet(false, true)) {
            return;
          }
          try {
            result.complete(call.run());
          } catch (Throwable failure) {
            result.completeExceptionally(classify.apply(failure));
          }
        };
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          ProviderException.ownLimit(
              TwilioProvider.NAME,
              "bulkhead_full",
              "all " + executor.getMaximumPoolSize() + " Twilio threads and their queue are busy"));
      return answer;
    }
    long timer =
        vertx.setTimer(
            deadlineMs,
            id -> {
              if (claimed.compareAndSet(false, true)) {
                executor.remove(task);
                result.completeExceptionally(
                    ProviderException.ownLimit(
                        TwilioProvider.NAME,
                        "bulkhead_timeout",
                        "still queued after " + deadlineMs + " ms; nothing was sent"));
              } else {
                result.completeExceptionally(
                    FailureClassifier.fromThrowable(TwilioProvider.NAME, new TimeoutException()));
              }
            });
    result.whenComplete((value, failure) -> vertx.cancelTimer(timer));
    return answer;
  }

  /** Stops taking calls and interrupts those running. */
  void close() {
    executor.shutdownNow();
  }

  /** A blocking call that may throw anything the SDK throws. */
  @FunctionalInterface
  interface BlockingCall<T> {
    T run() throws Exception;
  }
}
