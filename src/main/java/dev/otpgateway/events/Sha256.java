package dev.otpgateway.events;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A SHA-256 digest per thread, for hot paths (each ledger entry's hash, each start's destination
 * bucket) that would otherwise look one up from the security providers per call.
 */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java platform provides SHA-256", e);
            }
          });

  private Sha256() {}

  /** This thread's digest, reset: use it within one call, and do not hand it on. */
  public static MessageDigest digest() {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest;
  }
}
