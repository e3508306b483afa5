package dev.otpgateway.verification;

import io.vertx.core.Future;
import java.io.Serializable;

/**
 * Remembers start requests by tenant and {@code Idempotency-Key}: the same key and body give the
 * same response and no second message.
 */
public interface IdempotencyStore {

  /** Claims the key for a request with this body hash, or returns what the key already holds. */
  Future<Claim> claim(String tenantId, String key, String requestHash);

  /** Stores the final response for replay. */
  Future<Void> complete(String tenantId, String key, StoredResponse response);

  /** Forgets the key, so a retry runs again (after a failure the client may retry). */
  Future<Void> release(String tenantId, String key);

  /** A response as it was sent. */
  record StoredResponse(String requestHash, int status, String location, String body)
      implements Serializable {}

  /** What a claim found. */
  record Claim(State state, StoredResponse response) implements Serializable {
    public enum State {
      CLAIMED,
      REPLAY,
      IN_PROGRESS,
      BODY_MISMATCH
    }
  }
}
