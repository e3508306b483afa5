package dev.otpgateway.verification;

import java.io.Serializable;
import java.util.List;

/**
 * A change to one verification that runs where its entry lives, atomically. Each is a small
 * serializable value so a cluster can ship it to the entry's owner instead of shipping the entry
 * back and forth.
 *
 * @param <R> what the change reports
 */
public sealed interface Transition<R> extends Serializable {
  R apply(Verification verification);

  /** Checks a code by its HMAC. */
  record CheckCode(byte[] candidateHash, long now) implements Transition<CheckResult> {
    @Override
    public CheckResult apply(Verification v) {
      return v.check(candidateHash, now);
    }
  }

  /** Cancels: the push was approved in time. */
  record Cancel(long now) implements Transition<Boolean> {
    @Override
    public Boolean apply(Verification v) {
      return v.cancel(now);
    }
  }

  /** Claims one send (resend, a fired push timer, or a failover) and its attempt numbers. */
  record BeginSend(long now, int slots, boolean countsAsSend) implements Transition<Integer> {
    @Override
    public Integer apply(Verification v) {
      return v.beginSend(now, slots, countsAsSend);
    }
  }

  /** Records what one send's attempts achieved. */
  record RecordSend(List<Attempt> attempts, Verification.Route route, long now)
      implements Transition<Boolean> {
    public RecordSend {
      attempts = List.copyOf(attempts);
    }

    @Override
    public Boolean apply(Verification v) {
      v.recordSend(attempts, route, now);
      return Boolean.TRUE;
    }
  }

  /** Applies one delivery receipt to one attempt, when that provider made it. */
  record ApplyReceipt(int attemptNumber, String provider, String delivery, long at)
      implements Transition<Verification.ReceiptEffect> {
    @Override
    public Verification.ReceiptEffect apply(Verification v) {
      return v.applyReceipt(attemptNumber, provider, delivery, at);
    }
  }
}
