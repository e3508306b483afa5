package dev.otpgateway.delivery;

import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.FailureClassifier;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.routing.Channel;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gets one message through the first candidate that takes it. Failover spends money only when it
 * should: after a RETRYABLE failure (the message did not go out), and after an AMBIGUOUS one only
 * once a look-up found no trace of it. A PERMANENT failure (a bad number) stops at once: a second
 * provider would charge for the same refusal.
 */
public final class DeliveryService {
  private final Map<String, Provider> providers;
  private final Breakers breakers;
  private final Metrics metrics;
  private final Clock clock;
  private final String callbackBaseUrl;
  private final ReceiptIndex receiptIndex;
  private final VolumeTracker volumes;

  /**
   * @param callbackBaseUrl the public base URL providers send receipts to ({@code
   *     /webhooks/<name>})
   */
  public DeliveryService(
      Map<String, Provider> providers,
      Breakers breakers,
      Metrics metrics,
      Clock clock,
      String callbackBaseUrl,
      ReceiptIndex receiptIndex,
      VolumeTracker volumes) {
    this.providers = Map.copyOf(providers);
    this.breakers = breakers;
    this.metrics = metrics;
    this.clock = clock;
    this.callbackBaseUrl = callbackBaseUrl;
    this.receiptIndex = receiptIndex;
    this.volumes = volumes;
  }

  /** The adapter of a configured provider, or null. */
  public Provider provider(String name) {
    return providers.get(name);
  }

  /** The message an attempt sent, for a revoke: same reference, number and sender. */
  public OutboundMessage message(
      AttemptRef ref, String to, String sender, java.time.Duration validity, String provider) {
    return new OutboundMessage(
        ref.toString(), to, "", sender, callbackBaseUrl + "/webhooks/" + provider, validity);
  }

  /** Our reference for a receipt: named in it, or found through the index. Null when unknown. */
  public Future<String> referenceOf(String provider, DeliveryReceipt receipt) {
    if (receipt.reference() != null) {
      return Future.succeededFuture(receipt.reference());
    }
    return receipt.providerMessageId() == null
        ? Future.succeededFuture(null)
        : receiptIndex.reference(provider, receipt.providerMessageId());
  }

  public Future<SendOutcome> send(SendRequest request) {
    List<AttemptResult> results = new ArrayList<>(request.candidates().size());
    return tryFrom(request, 0, results).map(v -> new SendOutcome(results));
  }

  /**
   * What became of a send whose member was lost before recording it: each of its attempts is looked
   * up at its provider by our reference, in order, as an ambiguous failure is; the first one found
   * is accepted ({@code found_after_sender_lost}). One not found is recorded failed, RETRYABLE when
   * the provider surely does not have it, AMBIGUOUS when it cannot tell (then a send that follows
   * may give the person a second message, and the ledger says so).
   */
  public Future<SendOutcome> settle(SendRequest request) {
    List<AttemptResult> results = new ArrayList<>(request.candidates().size());
    return settleFrom(request, 0, results).map(v -> new SendOutcome(results));
  }

  private Future<Void> settleFrom(SendRequest request, int index, List<AttemptResult> results) {
    if (index >= request.candidates().size()) {
      return Future.succeededFuture();
    }
    Candidate candidate = request.candidates().get(index);
    AttemptRef ref = new AttemptRef(request.verificationId(), request.firstAttemptNumber() + index);
    Provider provider = providers.get(candidate.provider());
    OutboundMessage message = message(request, ref, candidate);
    Future<Accepted> found =
        provider == null
            ? Future.failedFuture(
                new ProviderException(
                    candidate.provider(),
                    FailureKind.AMBIGUOUS,
                    0,
                    "not_configured",
                    "no adapter to look the message up with"))
            : provider.lookup(message);
    return found.transform(
        outcome -> {
          if (outcome.succeeded()) {
            return acceptedBy(
                request,
                results,
                ref,
                message,
                candidate,
                outcome.result(),
                "found_after_sender_lost");
          }
          FailureKind kind =
              outcome.cause() instanceof ProviderException p && p.kind() == FailureKind.RETRYABLE
                  ? FailureKind.RETRYABLE
                  : FailureKind.AMBIGUOUS;
          results.add(
              new AttemptResult(ref, candidate, false, kind, "sender_lost", null, clock.millis()));
          return settleFrom(request, index + 1, results);
        });
  }

  private OutboundMessage message(SendRequest request, AttemptRef ref, Candidate candidate) {
    return new OutboundMessage(
        ref.toString(),
        request.to(),
        request.body(),
        candidate.sender(),
        callbackBaseUrl + "/webhooks/" + candidate.provider(),
        request.validity());
  }

  private Future<Void> tryFrom(SendRequest request, int index, List<AttemptResult> results) {
    if (index >= request.candidates().size()) {
      return Future.succeededFuture();
    }
    Candidate candidate = request.candidates().get(index);
    Provider provider = providers.get(candidate.provider());
    AttemptRef ref =
        new AttemptRef(request.verificationId(), request.firstAttemptNumber() + results.size());
    OutboundMessage message = message(request, ref, candidate).startedAt(clock.instant());
    long started = System.nanoTime();
    return breakers
        .execute(candidate.provider(), () -> provider.send(message))
        .transform(
            outcome -> {
              if (outcome.succeeded()) {
                observe(candidate, started);
                return acceptedBy(
                    request, results, ref, message, candidate, outcome.result(), null);
              }
              ProviderException failure =
                  FailureClassifier.fromThrowable(candidate.provider(), outcome.cause());
              if (!"circuit_open".equals(failure.reason())) {
                observe(candidate, started);
              }
              if (failure.kind() != FailureKind.AMBIGUOUS) {
                return failed(request, index, results, ref, candidate, failure);
              }
              return provider
                  .lookup(message)
                  .otherwise(e -> null)
                  .compose(
                      found ->
                          found != null
                              ? acceptedBy(
                                  request,
                                  results,
                                  ref,
                                  message,
                                  candidate,
                                  found,
                                  "found_after_" + failure.reason())
                              : failed(request, index, results, ref, candidate, failure));
            });
  }

  /**
   * Records an acceptance. When the provider's receipts can't name our reference, the index is
   * written before the send completes, so even an instant receipt finds its attempt.
   */
  private Future<Void> acceptedBy(
      SendRequest request,
      List<AttemptResult> results,
      AttemptRef ref,
      OutboundMessage message,
      Candidate candidate,
      Accepted accepted,
      String reason) {
    results.add(
        new AttemptResult(
            ref, candidate, true, null, reason, accepted.providerMessageId(), clock.millis()));
    volumes.add(
        candidate.provider(),
        request.region(),
        candidate.channel() == Channel.RCS ? 1 : request.segments());
    if (providers.get(candidate.provider()).receiptsNameReference()) {
      return Future.succeededFuture();
    }
    long keepUntil =
        clock.millis() + request.validity().toMillis() + candidate.deliveryTimeout().toMillis();
    return receiptIndex
        .remember(
            candidate.provider(), accepted.providerMessageId(), message.reference(), keepUntil)
        .otherwiseEmpty();
  }

  private Future<Void> failed(
      SendRequest request,
      int index,
      List<AttemptResult> results,
      AttemptRef ref,
      Candidate candidate,
      ProviderException failure) {
    results.add(
        new AttemptResult(
            ref, candidate, false, failure.kind(), failure.reason(), null, clock.millis()));
    if (failure.kind() == FailureKind.PERMANENT) {
      return Future.succeededFuture();
    }
    return tryFrom(request, index + 1, results);
  }

  private void observe(Candidate candidate, long startedNanos) {
    metrics.providerRequest(candidate.provider(), (System.nanoTime() - startedNanos) / 1e9);
  }
}
