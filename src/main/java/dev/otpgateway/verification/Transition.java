package dev.otpgateway.verification;

import dev.otpgateway.delivery.Candidate;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * A change to one verification that runs where its entry lives, atomically. Each is a small
 * serializable value so a cluster can ship it to the entry's owner instead of shipping the entry
 * back and forth.
 *
 * @param <R> what the change reports
 */
public sealed interface Transition<R> extends Serializable {
  R apply(Verification verification);

  /** When the change is made: the time its events carry. */
  long now();

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

  /** Ends a live verification whose code's lifetime is over. */
  record Expire(long now) implements Transition<Boolean> {
    @Override
    public Boolean apply(Verification v) {
      return v.expire(now);
    }
  }

  /** Claims one send (resend, a fired push timer, or a failover) and its attempt numbers. */
  record BeginSend(
      long now,
      List<Candidate> candidates,
      java.math.BigDecimal baselineUsd,
      SendTrigger trigger,
      boolean countsAsSend,
      Verification.Requires requires)
      implements Transition<Integer> {
    public BeginSend {
      candidates = List.copyOf(candidates);
    }

    /** A claim for a send along this plan. */
    public BeginSend(
        long now,
        RoutePlan plan,
        SendTrigger trigger,
        boolean countsAsSend,
        Verification.Requires requires) {
      this(now, plan.candidates(), plan.baselineUsd(), trigger, countsAsSend, requires);
    }

    @Override
    public Integer apply(Verification v) {
      return v.beginSend(now, candidates, baselineUsd, trigger, countsAsSend, requires);
    }
  }

  /** Holds a resend for a push acknowledgement until {@code until}. */
  record HoldResend(long until, long now) implements Transition<Boolean> {
    @Override
    public Boolean apply(Verification v) {
      return v.holdResend(until, now);
    }
  }

  /** Takes over a send its member will not record; false when it is not open and abandoned. */
  record TakeOverClaim(int first, Set<String> members, long now) implements Transition<Boolean> {
    public TakeOverClaim {
      members = Set.copyOf(members);
    }

    @Override
    public Boolean apply(Verification v) {
      return v.takeOverClaim(first, members, now) != null;
    }
  }

  /** The owner's look at a record that fell due: expiry, and what its timers left undone. */
  record Settle(Set<String> members, long now) implements Transition<Verification.Due> {
    public Settle {
      members = Set.copyOf(members);
    }

    @Override
    public Verification.Due apply(Verification v) {
      return v.settle(members, now);
    }
  }

  /** Records what one send's attempts achieved. */
  record RecordSend(Verification.SendRecord send) implements Transition<Boolean> {
    @Override
    public Boolean apply(Verification v) {
      v.recordSend(send);
      return Boolean.TRUE;
    }

    @Override
    public long now() {
      return send.now();
    }
  }

  /** Applies one delivery receipt (or its absence) to one attempt, when that provider made it. */
  record ApplyReceipt(int attemptNumber, String provider, DeliveryState delivery, long at, long now)
      implements Transition<Verification.ReceiptEffect> {
    @Override
    public Verification.ReceiptEffect apply(Verification v) {
      return v.applyReceipt(attemptNumber, provider, delivery, at, now);
    }
  }

  /** Takes over the unpublished events of members that left the cluster. */
  record Adopt(Set<String> members, long now) implements Transition<Integer> {
    public Adopt {
      members = Set.copyOf(members);
    }

    @Override
    public Integer apply(Verification v) {
      return v.adopt(members, now);
    }
  }

  /** Takes back a member's recent events for it to publish again (see Verification#reclaim). */
  record Reclaim(String member, long now) implements Transition<Integer> {
    @Override
    public Integer apply(Verification v) {
      return v.reclaim(member, now);
    }
  }

  /**
   * A change tried again after the cluster did not confirm an earlier try, which may have been
   * kept: it takes back the events its member stamped (see Verification#reclaim), so those of a
   * kept try are published with this one. Changes are idempotent where they are tried again (a
   * send's outcome skips the attempts a record has), so a kept try makes this one change nothing
   * else.
   */
  record Retried<R>(Transition<R> change, String member) implements Transition<R> {
    @Override
    public R apply(Verification v) {
      v.reclaim(member, change.now());
      return change.apply(v);
    }

    @Override
    public long now() {
      return change.now();
    }
  }
}
