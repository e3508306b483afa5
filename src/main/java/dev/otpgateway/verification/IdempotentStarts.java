package dev.otpgateway.verification;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.verification.IdempotencyStore.StoredResponse;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Starts made at most once per tenant and {@code Idempotency-Key}, whatever entry point takes them.
 * The same key with the same request replays the first answer and sends nothing; with another
 * request it is a conflict; while the first is still running, a retry is told to wait. A start that
 * failed sent no code (a refusal, a rate limit, every provider down), so its key is released and a
 * retry runs again.
 */
public final class IdempotentStarts {
  /** What a key may be: 1 to 255 printable ASCII characters. */
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final IdempotencyStore store;

  public IdempotentStarts(IdempotencyStore store) {
    this.store = store;
  }

  /**
   * A start's answer, and whether it is the replay of an earlier one.
   *
   * @param replayed the answer was stored by an earlier request with this key
   */
  public record Answer(StoredResponse response, boolean replayed) {}

  /**
   * Runs {@code start} once for this key, or replays what it answered.
   *
   * @param key the client's key; null runs the start without any
   * @param canonicalRequest the request as its entry point received it, in a canonical form (two
   *     requests are the same request when these are equal)
   * @param start the start and its answer, as the entry point renders it
   * @throws GatewayException (400) when the key is malformed, before anything runs
   */
  public Future<Answer> start(
      String tenantId,
      String key,
      String canonicalRequest,
      Supplier<Future<StoredResponse>> start) {
    if (key == null) {
      return start.get().map(r -> new Answer(r, false));
    }
    if (!KEY.matcher(key).matches()) {
      throw GatewayException.invalid(
          "the Idempotency-Key header is invalid",
          Map.of("Idempotency-Key", "must be 1 to 255 printable ASCII characters"));
    }
    String hash = sha256Hex(canonicalRequest);
    return store
        .claim(tenantId, key, hash)
        .compose(
            claim ->
                switch (claim.state()) {
                  case REPLAY -> Future.succeededFuture(new Answer(claim.response(), true));
                  case BODY_MISMATCH ->
                      Future.failedFuture(
                          GatewayException.of(
                              Kind.CONFLICT,
                              "idempotency_key_reused",
                              "this Idempotency-Key was used with a different body"));
                  case IN_PROGRESS ->
                      Future.failedFuture(
                          GatewayException.of(
                              Kind.CONFLICT,
                              "idempotency_request_in_progress",
                              "a request with this Idempotency-Key is still being processed; retry"
                                  + " shortly"));
                  case CLAIMED -> once(tenantId, key, hash, start);
                });
  }

  private Future<Answer> once(
      String tenantId, String key, String hash, Supplier<Future<StoredResponse>> start) {
    return start
        .get()
        .compose(
            response ->
                store
                    .complete(tenantId, key, withHash(response, hash))
                    .map(new Answer(response, false)))
        .recover(
            failure -> store.release(tenantId, key).transform(v -> Future.failedFuture(failure)));
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static StoredResponse withHash(StoredResponse r, String hash) {
    return new StoredResponse(hash, r.status(), r.location(), r.body());
  }
}
