package dev.otpgateway.verification;

import dev.otpgateway.delivery.Candidate;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * A send in flight, held in its verification's record from the moment it claims its attempt numbers
 * until its outcome is recorded. A member that dies or is stopped mid-send leaves it open; a
 * survivor then looks its attempts up at the providers it was to try (see {@link
 * VerificationSweeper}), so no verification stays in {@code sending} for good.
 *
 * @param first the first of the attempt numbers it reserved, one per candidate; names the claim
 * @param member the cluster member sending; null until the store stamps the member that claimed
 * @param since when it was claimed (or last taken over)
 * @param trigger why it sends
 * @param candidates the providers it tries, in order: attempt {@code first + i} goes to the i-th
 * @param baselineUsd what the region's baseline provider would charge for the message, for the
 *     ledger entry of a message found after its member was lost
 */
public record SendClaim(
    int first,
    String member,
    long since,
    SendTrigger trigger,
    List<Candidate> candidates,
    BigDecimal baselineUsd) {
  /**
   * How long a send may take before its claim counts as abandoned even though its member is still
   * in the cluster: every candidate's provider call, each bounded by its own timeout, with room for
   * an ambiguous failure's look-up.
   */
  public static final long ABANDONED_AFTER_MILLIS = 120_000;

  /**
   * How long after its member left the cluster a claim is taken over. A member cut off by a
   * partition is still alive on the other side, and its provider call may still be under way: this
   * waits out the provider calls' timeouts before looking the attempts up.
   */
  public static final long MEMBER_GONE_AFTER_MILLIS = 15_000;

  public SendClaim {
    candidates = List.copyOf(candidates);
  }

  SendClaim stampedBy(String by) {
    return new SendClaim(first, by, since, trigger, candidates, baselineUsd);
  }

  /** Taken over by the member that settles it, now: null until the store stamps that member. */
  SendClaim takenOver(long now) {
    return new SendClaim(first, null, now, trigger, candidates, baselineUsd);
  }

  /** Whether no one will record this send any more: its member left, or it is long overdue. */
  boolean abandoned(Set<String> members, long now) {
    return now >= abandonedAt(members);
  }

  /** When this send counts as abandoned with these members in the cluster (epoch ms). */
  long abandonedAt(Set<String> members) {
    boolean memberGone = member != null && !members.contains(member);
    return since + (memberGone ? MEMBER_GONE_AFTER_MILLIS : ABANDONED_AFTER_MILLIS);
  }
}
