package dev.otpgateway.verification;

import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * One verification: a code on its way to one number for one tenant, and everything needed to send
 * it again, check it, and explain what happened.
 *
 * <p>Instances are snapshots. State changes go through {@link VerificationStore#update}, which runs
 * the transition where the entry lives, atomically, so two nodes can never both approve a code or
 * lose a failed check.
 */
public final class Verification {
  /** Wrong codes that kill a verification. */
  public static final int MAX_CHECKS = 5;

  private final String id;
  private final String tenantId;
  private final String to;
  private final String country;
  private final byte[] codeHash;
  private final byte[] sealedCode;
  private final long createdAt;
  private final long expiresAt;
  private final Request request;
  private VerificationStatus status;
  private String endReason;
  private long endedAt;
  private int failedChecks;
  private int sends;
  private long pushDeadline;
  private int nextAttempt;
  private Route route;
  private final List<Attempt> attempts;

  /**
   * What the start request asked for, kept so that a resend or failover renders and routes the
   * message exactly as the first send did.
   */
  public record Request(
      String locale,
      String appHash,
      String webOtpDomain,
      Transaction transaction,
      String risk,
      String channel,
      boolean consent,
      String userRef,
      String deviceId)
      implements java.io.Serializable {}

  /** The routing decision that carried the latest send. */
  public record Route(String rulesVersion, String region, String reason)
      implements java.io.Serializable {}

  public Verification(
      String id,
      String tenantId,
      String to,
      String country,
      byte[] codeHash,
      byte[] sealedCode,
      long createdAt,
      long expiresAt,
      Request request,
      VerificationStatus status,
      String endReason,
      long endedAt,
      int failedChecks,
      int sends,
      long pushDeadline,
      int nextAttempt,
      Route route,
      List<Attempt> attempts) {
    this.id = id;
    this.tenantId = tenantId;
    this.to = to;
    this.country = country;
    this.codeHash = codeHash;
    this.sealedCode = sealedCode;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
    this.request = request;
    this.status = status;
    this.endReason = endReason;
    this.endedAt = endedAt;
    this.failedChecks = failedChecks;
    this.sends = sends;
    this.pushDeadline = pushDeadline;
    this.nextAttempt = nextAttempt;
    this.route = route;
    this.attempts = new ArrayList<>(attempts);
  }

  // --- transitions; each runs inside VerificationStore.update ---

  /**
   * Checks a candidate code's HMAC. A match approves once; a mismatch counts, and the fifth kills
   * the verification. Resends never reset the count.
   */
  public CheckResult check(byte[] candidateHash, long now) {
    if (status == VerificationStatus.FAILED && "max_attempts".equals(endReason)) {
      return new CheckResult(CheckResult.Outcome.TOO_MANY_ATTEMPTS, 0);
    }
    if (status == VerificationStatus.CANCELED) {
      return new CheckResult(CheckResult.Outcome.CANCELED, 0);
    }
    if (!status.isLive()) {
      return new CheckResult(CheckResult.Outcome.NO_LONGER_USABLE, 0);
    }
    if (now >= expiresAt) {
      return new CheckResult(CheckResult.Outcome.EXPIRED, 0);
    }
    if (CodeHasher.matches(codeHash, candidateHash)) {
      end(VerificationStatus.APPROVED, "approved", now);
      return new CheckResult(CheckResult.Outcome.APPROVED, MAX_CHECKS - failedChecks);
    }
    failedChecks++;
    if (failedChecks >= MAX_CHECKS) {
      end(VerificationStatus.FAILED, "max_attempts", now);
      return new CheckResult(CheckResult.Outcome.TOO_MANY_ATTEMPTS, 0);
    }
    return new CheckResult(CheckResult.Outcome.WRONG_CODE, MAX_CHECKS - failedChecks);
  }

  /** The app learned the push was approved: send nothing (more). False when it already ended. */
  public boolean cancel(long now) {
    if (!status.isLive() || now >= expiresAt) {
      return status == VerificationStatus.CANCELED;
    }
    end(VerificationStatus.CANCELED, "canceled", now);
    return true;
  }

  /**
   * Claims the right to send, and attempt numbers for it: only one node sends for a fired push
   * timer, concurrent sends never share an attempt number (receipts name attempts by number), and a
   * send for a verification that ended in the meantime does not go out.
   *
   * @param slots how many attempts this send may make (its candidates)
   * @param countsAsSend false for a failover, which re-sends the same send through another provider
   * @return the first attempt number reserved, or 0 when the verification can no longer send
   */
  public int beginSend(long now, int slots, boolean countsAsSend) {
    if (!status.isLive() || now >= expiresAt) {
      return 0;
    }
    if (status == VerificationStatus.PENDING_PUSH) {
      status = VerificationStatus.SENDING;
    }
    if (countsAsSend) {
      sends++;
    }
    int first = nextAttempt;
    nextAttempt += Math.max(1, slots);
    return first;
  }

  /** Records a batch of attempts from one send and what they achieved. */
  public void recordSend(List<Attempt> newAttempts, Route newRoute, long now) {
    attempts.addAll(newAttempts);
    route = newRoute;
    boolean anyAccepted = newAttempts.stream().anyMatch(Attempt::accepted);
    if (anyAccepted) {
      if (status == VerificationStatus.SENDING || status == VerificationStatus.PENDING_PUSH) {
        status = VerificationStatus.SENT;
      }
    } else if (status == VerificationStatus.SENDING && !hasAcceptedAttempt()) {
      end(VerificationStatus.FAILED, "all_providers_failed", now);
    }
  }

  /**
   * Applies a receipt to an attempt. Delivery states only move forward, so a replayed or late
   * receipt changes nothing.
   */
  public ReceiptEffect applyReceipt(int attemptNumber, String provider, String delivery, long at) {
    for (int i = 0; i < attempts.size(); i++) {
      Attempt a = attempts.get(i);
      if (a.number() != attemptNumber) {
        continue;
      }
      if (!a.awaitingReceipt() || !a.provider().equals(provider)) {
        return ReceiptEffect.IGNORED;
      }
      attempts.set(i, a.withDelivery(delivery, at));
      if ("delivered".equals(delivery) && status == VerificationStatus.SENT) {
        status = VerificationStatus.DELIVERED;
      }
      return ReceiptEffect.APPLIED;
    }
    // A number this verification handed out whose send is still being recorded: a fast provider's
    // receipt can overtake the record of its own acceptance.
    return attemptNumber > 0 && attemptNumber < nextAttempt
        ? ReceiptEffect.NOT_YET
        : ReceiptEffect.IGNORED;
  }

  /** What a receipt did to its attempt. */
  public enum ReceiptEffect {
    APPLIED,
    /** Late, replayed, or for an attempt this verification never made: nothing changed. */
    IGNORED,
    /** The attempt's acceptance is not recorded yet: try again shortly. */
    NOT_YET
  }

  private boolean hasAcceptedAttempt() {
    return attempts.stream().anyMatch(Attempt::accepted);
  }

  private void end(VerificationStatus finalStatus, String reason, long now) {
    status = finalStatus;
    endReason = reason;
    endedAt = now;
  }

  // --- reads ---

  /** The status a caller sees: a live verification past its lifetime reads as expired. */
  public String visibleStatus(long now) {
    if (status.isLive() && now >= expiresAt) {
      return "expired";
    }
    return status.wireName();
  }

  /** How long the code lives once sent: its expiry measured from when it could first be sent. */
  public long lifetimeMillis() {
    return expiresAt - (pushDeadline > 0 ? pushDeadline : createdAt);
  }

  public int nextAttempt() {
    return nextAttempt;
  }

  /** The attempt with this number, or null. */
  public Attempt attempt(int number) {
    for (Attempt a : attempts) {
      if (a.number() == number) {
        return a;
      }
    }
    return null;
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public String to() {
    return to;
  }

  public String country() {
    return country;
  }

  public byte[] codeHash() {
    return codeHash.clone();
  }

  public byte[] sealedCode() {
    return sealedCode.clone();
  }

  public long createdAt() {
    return createdAt;
  }

  public long expiresAt() {
    return expiresAt;
  }

  public Request request() {
    return request;
  }

  public VerificationStatus status() {
    return status;
  }

  public String endReason() {
    return endReason;
  }

  public long endedAt() {
    return endedAt;
  }

  public int failedChecks() {
    return failedChecks;
  }

  public int sends() {
    return sends;
  }

  public long pushDeadline() {
    return pushDeadline;
  }

  public Route route() {
    return route;
  }

  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /** Which of two diverged copies survives a split-brain merge: the one that went further. */
  public static Verification mergeSurvivor(Verification a, Verification b) {
    int byEnd = Boolean.compare(!a.status.isLive(), !b.status.isLive());
    if (byEnd != 0) {
      // An ended copy wins: a consumed or killed code must not come back to life.
      return byEnd > 0 ? a : b;
    }
    if (a.failedChecks != b.failedChecks) {
      return a.failedChecks > b.failedChecks ? a : b;
    }
    return a.attempts.size() >= b.attempts.size() ? a : b;
  }
}
