package dev.otpgateway.verification;

import io.vertx.core.Future;

/** Where verifications live, shared by every node. */
public interface VerificationStore {

  /** Stores a new verification, kept until {@code keepUntil} (epoch ms). */
  Future<Void> create(Verification verification, long keepUntil);

  /** The verification, or null when there is none (never was, or past its retention). */
  Future<Verification> get(String id);

  /**
   * Applies a transition atomically where the entry lives.
   *
   * @param tenantId the tenant that must own it, so no tenant can touch another's verification;
   *     null for the gateway's own changes (receipts, timers)
   * @return the transition's result and the verification after it, or null when there is none
   */
  <R> Future<Updated<R>> update(String id, String tenantId, Transition<R> transition);

  /** A transition's result with the verification it left behind. */
  record Updated<R>(R result, Verification verification) {}
}
