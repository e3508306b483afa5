package dev.otpgateway.verification;

import dev.otpgateway.delivery.Candidate;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.Transaction;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.routing.RouteReason;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One verification: a code on its way to one number for one tenant, and everything needed to send
 * it again, check it, and explain what happened.
 *
 * <p>Instances are snapshots. State changes go through {@link VerificationStore#update}, which runs
 * the transition where the entry lives, atomically, so two nodes can never both approve a code or
 * lose a failed check.
 *
 * <p>Every change emits its {@link Event}s here, where it is made, into the record's outbox. The
 * outbox is part of the record, so the events are replicated with the change itself: if the member
 * that made a change dies before writing its events to the ledger, a surviving member finds them in
 * the record and writes them (see {@link VerificationSweeper}). Each event's id is the
 * verification's id and its number, so writing one twice is recognised.
 */
public final class Verification {
  /** Wrong codes that kill a verification. */
  public static final int MAX_CHECKS = 5;

  /**
   * How long an emitted event stays in the outbox. Its publisher writes it to the ledger within
   * milliseconds (and a member whose ledger falls this far behind stops taking starts); the copy
   * here only has to outlive the publisher's death until a survivor adopts it.
   */
  public static final long OUTBOX_HORIZON_MILLIS = 30_000;

  /**
   * How long a timer's deadline is left to the member that armed it (its local timer fires on time)
   * before the member that owns the record acts on it instead: the armer may have died or stopped.
   */
  public static final long LOCAL_TIMER_GRACE_MILLIS = 1_000;

  private final String id;
  private final String tenantId;
  private final String to;
  private final String country;
  private final byte[] codeHash;
  private final byte[] sealedCode;
  private final long createdAt;
  private final long expiresAt;

  /**
   * When the record ends: its expiry plus the retention, in which it can still be read. The owner's
   * sweep removes it then ({@link #dueAt()}), instead of a time-to-live in the cluster's map, which
   * costs Hazelcast 64 bytes of expiry bookkeeping per record and a background scan of them all.
   */
  private final long keepUntil;

  private final Request request;
  private VerificationStatus status;
  private EndReason endReason;
  private long endedAt;
  private int failedChecks;
  private int sends;
  private long pushDeadline;
  private int nextAttempt;
  private Route route;
  private final List<Attempt> attempts;
  private int eventCount;
  private final List<Outboxed> outbox;
  private long resendHeldUntil;
  private final List<SendClaim> claims;

  /**
   * What the start request asked for, kept so that a resend or failover renders and routes the
   * message exactly as the first send did.
   */
  public record Request(
      String locale,
      String appHash,
      String webOtpDomain,
      Transaction transaction,
      Risk risk,
      ChannelPreference channel,
      boolean consent,
      String userRef,
      String deviceId)
      implements java.io.Serializable {}

  /** The routing decision that carried the latest send (or, before any, the one at the start). */
  public record Route(String rulesVersion, RouteReason reason) implements java.io.Serializable {
    /** The region the destination fell in. */
    public String region() {
      return reason.region();
    }
  }

  /**
   * An event waiting in the outbox.
   *
   * @param publisher the cluster member that publishes it; null until the store stamps it
   */
  public record Outboxed(Event event, String publisher) {}

  /**
   * Everything a new verification is made of.
   *
   * @param firstSend the candidates its first send tries, whose attempt numbers it reserves; empty
   *     when the code is held for a push acknowledgement
   * @param baselineUsd what the region's baseline provider would charge for the message
   * @param keepUntil when the record ends (epoch ms): its expiry plus the retention
   */
  public record Draft(
      String id,
      String tenantId,
      Destination destination,
      Request request,
      byte[] codeHash,
      byte[] sealedCode,
      long now,
      long expiresAt,
      long keepUntil,
      long pushDeadline,
      List<Candidate> firstSend,
      BigDecimal baselineUsd,
      Route route) {}

  /** The full state, as the codec reads it back. */
  record State(
      String id,
      String tenantId,
      String to,
      String country,
      byte[] codeHash,
      byte[] sealedCode,
      long createdAt,
      long expiresAt,
      long keepUntil,
      Request request,
      VerificationStatus status,
      EndReason endReason,
      long endedAt,
      int failedChecks,
      int sends,
      long pushDeadline,
      int nextAttempt,
      Route route,
      List<Attempt> attempts,
      int eventCount,
      List<Outboxed> outbox,
      long resendHeldUntil,
      List<SendClaim> claims) {}

  Verification(State s) {
    this.id = s.id();
    this.tenantId = s.tenantId();
    this.to = s.to();
    this.country = s.country();
    this.codeHash = s.codeHash();
    this.sealedCode = s.sealedCode();
    this.createdAt = s.createdAt();
    this.expiresAt = s.expiresAt();
    this.keepUntil = s.keepUntil();
    this.request = s.request();
    this.status = s.status();
    this.endReason = s.endReason();
    this.endedAt = s.endedAt();
    this.failedChecks = s.failedChecks();
    this.sends = s.sends();
    this.pushDeadline = s.pushDeadline();
    this.nextAttempt = s.nextAttempt();
    this.route = s.route();
    this.attempts = new ArrayList<>(s.attempts());
    this.eventCount = s.eventCount();
    this.outbox = new ArrayList<>(s.outbox());
    this.resendHeldUntil = s.resendHeldUntil();
    this.claims = new ArrayList<>(s.claims());
  }

  /**
   * A new verification: held for a push acknowledgement when {@code pushDeadline} is set, else
   * sending, its first send claimed (see {@link SendClaim}).
   */
  public static Verification start(Draft d) {
    boolean held = d.pushDeadline() > 0;
    List<SendClaim> claims =
        held
            ? List.of()
            : List.of(
                new SendClaim(
                    1, null, d.now(), SendTrigger.INITIAL, d.firstSend(), d.baselineUsd()));
    Verification v =
        new Verification(
            new State(
                d.id(),
                d.tenantId(),
                d.destination().e164(),
                d.destination().country(),
                d.codeHash(),
                d.sealedCode(),
                d.now(),
                d.expiresAt(),
                d.keepUntil(),
                d.request(),
                held ? VerificationStatus.PENDING_PUSH : VerificationStatus.SENDING,
                null,
                0,
                0,
                held ? 0 : 1,
                d.pushDeadline(),
                held ? 1 : 1 + Math.max(1, d.firstSend().size()),
                d.route(),
                List.of(),
                0,
                List.of(),
                0,
                claims));
    v.emit(v.event(EventType.STARTED, d.now()).route(d.route().rulesVersion(), null));
    if (held) {
      v.emit(v.event(EventType.PENDING_PUSH, d.now()).outcome("ack_deadline"));
    }
    return v;
  }

  /** The state, for the codec. */
  State state() {
    return new State(
        id,
        tenantId,
        to,
        country,
        codeHash,
        sealedCode,
        createdAt,
        expiresAt,
        keepUntil,
        request,
        status,
        endReason,
        endedAt,
        failedChecks,
        sends,
        pushDeadline,
        nextAttempt,
        route,
        attempts,
        eventCount,
        outbox,
        resendHeldUntil,
        claims);
  }

  // --- transitions; each runs inside VerificationStore.update ---

  /**
   * Checks a candidate code's HMAC. A match approves once; a mismatch counts, and the fifth kills
   * the verification. Resends never reset the count.
   */
  public CheckResult check(byte[] candidateHash, long now) {
    CheckResult result = checkOnly(candidateHash, now);
    if (result.outcome() == CheckResult.Outcome.APPROVED) {
      Attempt credited = latestAccepted();
      Event.Builder approved = event(EventType.APPROVED, now);
      if (credited != null) {
        approved.message(
            credited.provider(), credited.channel(), credited.number(), credited.segments());
      }
      emit(approved.latencyMs(credited == null ? 0 : now - credited.at()));
    } else {
      emit(event(EventType.CHECK_FAILED, now).outcome(result.outcome().wireName()));
    }
    return result;
  }

  private CheckResult checkOnly(byte[] candidateHash, long now) {
    if (status == VerificationStatus.FAILED && endReason == EndReason.MAX_ATTEMPTS) {
      return new CheckResult(CheckResult.Outcome.TOO_MANY_ATTEMPTS, 0);
    }
    if (status == VerificationStatus.CANCELED) {
      return new CheckResult(CheckResult.Outcome.CANCELED, 0);
    }
    if (!status.isLive()) {
      return new CheckResult(
          status == VerificationStatus.EXPIRED
              ? CheckResult.Outcome.EXPIRED
              : CheckResult.Outcome.NO_LONGER_USABLE,
          0);
    }
    if (now >= expiresAt) {
      return new CheckResult(CheckResult.Outcome.EXPIRED, 0);
    }
    if (CodeHasher.matches(codeHash, candidateHash)) {
      end(VerificationStatus.APPROVED, EndReason.APPROVED, now);
      return new CheckResult(CheckResult.Outcome.APPROVED, MAX_CHECKS - failedChecks);
    }
    failedChecks++;
    if (failedChecks >= MAX_CHECKS) {
      end(VerificationStatus.FAILED, EndReason.MAX_ATTEMPTS, now);
      return new CheckResult(CheckResult.Outcome.TOO_MANY_ATTEMPTS, 0);
    }
    return new CheckResult(CheckResult.Outcome.WRONG_CODE, MAX_CHECKS - failedChecks);
  }

  /** The app learned the push was approved: send nothing (more). False when it already ended. */
  public boolean cancel(long now) {
    if (!status.isLive() || now >= expiresAt) {
      return status == VerificationStatus.CANCELED;
    }
    end(VerificationStatus.CANCELED, EndReason.CANCELED, now);
    emit(event(EventType.CANCELED, now));
    return true;
  }

  /** The code's lifetime is over: stored as expired, once. True when this call expired it. */
  public boolean expire(long now) {
    if (!status.isLive() || now < expiresAt) {
      return false;
    }
    end(VerificationStatus.EXPIRED, EndReason.EXPIRED, expiresAt);
    emit(event(EventType.EXPIRED, now));
    return true;
  }

  /** What the record must be in for a send to claim it. */
  public enum Requires {
    /** Live: a resend the app asked for, a failover, a lost send sent again. */
    LIVE,
    /**
     * Still held for a push acknowledgement: the push timer's send, or the app telling us push
     * failed after all. Whichever claims first sends; the other finds nothing to do.
     */
    PENDING_PUSH,
    /** A resend held for a push acknowledgement is still held: its timer's send. */
    HELD_RESEND
  }

  /**
   * Claims the right to send, and attempt numbers for it: only one member sends for a fired push
   * timer, concurrent sends never share an attempt number (receipts name attempts by number), and a
   * send for a verification that ended in the meantime does not go out. The claim stays in the
   * record until the send's outcome is recorded (see {@link SendClaim}).
   *
   * @param candidates the providers this send tries, in order: one attempt number each
   * @param baselineUsd what the region's baseline provider would charge for the message
   * @param countsAsSend false for a failover, which re-sends the same send through another provider
   * @return the first attempt number reserved, or 0 when this send may not go out
   */
  public int beginSend(
      long now,
      List<Candidate> candidates,
      BigDecimal baselineUsd,
      SendTrigger trigger,
      boolean countsAsSend,
      Requires requires) {
    if (!status.isLive() || now >= expiresAt) {
      return 0;
    }
    if ((requires == Requires.PENDING_PUSH && status != VerificationStatus.PENDING_PUSH)
        || (requires == Requires.HELD_RESEND && resendHeldUntil == 0)) {
      return 0;
    }
    if (status == VerificationStatus.PENDING_PUSH) {
      status = VerificationStatus.SENDING;
    }
    if (trigger == SendTrigger.RESEND) {
      // A resend sent now is the one a held resend was waiting to send.
      resendHeldUntil = 0;
    }
    if (countsAsSend) {
      sends++;
    }
    int first = nextAttempt;
    nextAttempt += Math.max(1, candidates.size());
    claims.add(new SendClaim(first, null, now, trigger, candidates, baselineUsd));
    return first;
  }

  /**
   * Holds a resend of the live code until {@code until}, for a push acknowledgement: a cancel
   * before then sends nothing; else it goes out then (or with the next resend). False when the
   * verification cannot send again.
   */
  public boolean holdResend(long until, long now) {
    if (!status.isLive() || now >= expiresAt || status == VerificationStatus.PENDING_PUSH) {
      return false;
    }
    resendHeldUntil = until;
    return true;
  }

  /**
   * Takes over a send whose member will not record it (see {@link SendClaim#abandoned}): the member
   * settling it now holds the claim, so no one else settles it meanwhile.
   *
   * @return the claim as it was, or null when it is no longer open and abandoned
   */
  public SendClaim takeOverClaim(int first, Set<String> members, long now) {
    for (int i = 0; i < claims.size(); i++) {
      SendClaim c = claims.get(i);
      if (c.first() == first && c.abandoned(members, now)) {
        claims.set(i, c.takenOver(now));
        return c;
      }
    }
    return null;
  }

  /**
   * What one send achieved, to record.
   *
   * @param attempts every try, in order; the accepted one (if any) last
   * @param decision the routing decision behind the send, with its inputs
   * @param baselineUsd what the region's baseline provider would have charged for the message
   * @param failedOver the provider whose failure made this send a failover, or null
   * @param claim the first attempt number of the claim this send recorded ({@link #beginSend}); 0
   *     for none
   * @param settlesLost the outcome of a lost send, as its providers told it: when none has the
   *     message the verification stays live for the send that follows
   */
  public record SendRecord(
      List<Attempt> attempts,
      Route route,
      RecordedDecision decision,
      BigDecimal baselineUsd,
      String failedOver,
      long now,
      int claim,
      boolean settlesLost)
      implements java.io.Serializable {
    public SendRecord {
      attempts = List.copyOf(attempts);
    }
  }

  /**
   * Records a batch of attempts from one send, what they achieved, and what they cost, and closes
   * its claim. An attempt already recorded (a lost send settled by another member while its own
   * member still recorded it) is not recorded again.
   */
  public void recordSend(SendRecord send) {
    claims.removeIf(c -> c.first() == send.claim());
    Set<Integer> known = new HashSet<>();
    for (Attempt a : attempts) {
      known.add(a.number());
    }
    List<Attempt> fresh = new ArrayList<>(send.attempts().size());
    for (Attempt a : send.attempts()) {
      if (known.add(a.number())) {
        fresh.add(a);
      }
    }
    attempts.addAll(fresh);
    route = send.route();
    boolean anyAccepted = fresh.stream().anyMatch(Attempt::accepted);
    if (anyAccepted) {
      if (status == VerificationStatus.SENDING || status == VerificationStatus.PENDING_PUSH) {
        status = VerificationStatus.SENT;
      }
    } else if (status == VerificationStatus.SENDING
        && !hasAcceptedAttempt()
        && !send.settlesLost()
        && claims.isEmpty()) {
      end(VerificationStatus.FAILED, EndReason.ALL_PROVIDERS_FAILED, send.now());
    }
    // A failover is told before the attempt it leads to: from the provider that failed (the one
    // whose receipt or timeout started this send, then each failed try of the send), and why.
    String previous = send.failedOver();
    String why =
        previous == null || fresh.isEmpty() || !fresh.get(0).trigger().isFailover()
            ? null
            : fresh.get(0).trigger().failoverReason();
    for (Attempt a : fresh) {
      if (previous != null) {
        emit(
            event(EventType.FAILOVER, a.at())
                .message(a.provider(), a.channel(), a.number(), a.segments())
                .outcome(why)
                .detail("from", previous));
      }
      Event.Builder e =
          event(a.accepted() ? EventType.SENT : EventType.SEND_FAILED, a.at())
              .message(a.provider(), a.channel(), a.number(), a.segments())
              .route(send.route().rulesVersion(), send.decision());
      if (a.accepted()) {
        e.cost(a.priceUsd(), send.baselineUsd(), a.carbonGrams()).outcome(a.trigger().wireName());
        if (a.reason() != null) {
          e.detail("accepted", a.reason());
        }
      } else {
        e.outcome(a.reason()).detail("failure", a.failureKind().name().toLowerCase(Locale.ROOT));
      }
      emit(e);
      previous = a.provider();
      why = a.reason();
    }
    if (anyAccepted && fresh.get(0).trigger() == SendTrigger.RESEND) {
      emit(event(EventType.RESENT, send.now()));
    }
  }

  /**
   * Applies a receipt (or its absence) to an attempt. Delivery states only move forward, so a
   * replayed or late receipt changes nothing.
   */
  public ReceiptEffect applyReceipt(
      int attemptNumber, String provider, DeliveryState delivery, long at, long now) {
    for (int i = 0; i < attempts.size(); i++) {
      Attempt a = attempts.get(i);
      if (a.number() != attemptNumber) {
        continue;
      }
      if (!a.awaitingReceipt() || !a.provider().equals(provider)) {
        return ReceiptEffect.IGNORED;
      }
      attempts.set(i, a.withDelivery(delivery, at));
      boolean delivered = delivery == DeliveryState.DELIVERED;
      if (delivered && status == VerificationStatus.SENT) {
        status = VerificationStatus.DELIVERED;
      }
      emit(
          event(delivered ? EventType.DELIVERED : EventType.UNDELIVERED, now)
              .message(a.provider(), a.channel(), a.number(), a.segments())
              .outcome(delivery.wireName())
              .latencyMs(Math.max(0, now - a.at())));
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

  /**
   * Takes over the events that members no longer in the cluster emitted but may not have published:
   * they lose their publisher, so the store stamps them with the member adopting them, which
   * publishes them again under the same ids.
   *
   * @param members the members in the cluster now
   * @return how many were adopted
   */
  public int adopt(Set<String> members, long now) {
    int adopted = 0;
    for (int i = 0; i < outbox.size(); i++) {
      Outboxed o = outbox.get(i);
      if (orphaned(o, members, now)) {
        outbox.set(i, new Outboxed(o.event(), null));
        adopted++;
      }
    }
    return adopted;
  }

  /**
   * Takes back the events {@code member} stamped within the outbox horizon, so that the change that
   * takes them back stamps them again and its member publishes them once more: for a member whose
   * change the cluster did not confirm (a write whose backup never answered), which cannot tell
   * whether the change and its events were kept. The ledger records each event once, by its id.
   *
   * @return how many were taken back
   */
  public int reclaim(String member, long now) {
    int reclaimed = 0;
    for (int i = 0; i < outbox.size(); i++) {
      Outboxed o = outbox.get(i);
      if (member.equals(o.publisher()) && o.event().at() >= now - OUTBOX_HORIZON_MILLIS) {
        outbox.set(i, new Outboxed(o.event(), null));
        reclaimed++;
      }
    }
    return reclaimed;
  }

  /**
   * What falls due on a record whose timers' members may be gone: what the member that owns it does
   * for them (see {@link VerificationSweeper}). Each is claimed again where it is acted on, so one
   * acted on twice (a local timer and the owner's sweep) still happens once.
   *
   * @param push the push acknowledgement did not come in time: send the held code
   * @param heldResend a resend held for a push acknowledgement is due
   * @param deliveries attempts whose receipt did not come in time
   * @param lostSends claims of sends no one will record (see {@link SendClaim#abandoned})
   */
  public record Due(
      boolean push, boolean heldResend, List<Integer> deliveries, List<Integer> lostSends) {
    public Due {
      deliveries = List.copyOf(deliveries);
      lostSends = List.copyOf(lostSends);
    }

    public boolean any() {
      return push || heldResend || !deliveries.isEmpty() || !lostSends.isEmpty();
    }
  }

  /**
   * The owner's look at a record that fell due: expires it when its code's lifetime is over, and
   * says which of its timers' deadlines passed without their member acting, and which of its sends
   * were lost with their member. (Its outbox is trimmed by the store as after every change.)
   */
  public Due settle(Set<String> members, long now) {
    expire(now);
    boolean live = status.isLive();
    long late = now - LOCAL_TIMER_GRACE_MILLIS;
    List<Integer> deliveries = new ArrayList<>(1);
    if (live) {
      for (Attempt a : attempts) {
        if (a.awaitingReceipt() && a.deliveryDueAt() > 0 && a.deliveryDueAt() <= late) {
          deliveries.add(a.number());
        }
      }
    }
    List<Integer> lost = new ArrayList<>(1);
    for (SendClaim c : claims) {
      if (c.abandoned(members, now)) {
        lost.add(c.first());
      }
    }
    return new Due(
        live && status == VerificationStatus.PENDING_PUSH && pushDeadline <= late,
        live && resendHeldUntil > 0 && resendHeldUntil <= late,
        deliveries,
        lost);
  }

  /**
   * When the member that owns this record must next look at it (epoch ms): its code's expiry, a
   * timer's deadline (plus the grace its own member has), an open send's limit, the time its outbox
   * can be trimmed, or at the latest the end of its retention, when it is removed. The codec keeps
   * it in the header, so a sweep finds what is due without decoding the rest.
   */
  public long dueAt() {
    long due = Long.MAX_VALUE;
    for (Outboxed o : outbox) {
      if (o.publisher() != null) {
        due = Math.min(due, o.event().at() + OUTBOX_HORIZON_MILLIS + 1);
      }
    }
    if (status.isLive()) {
      due = Math.min(due, expiresAt);
      if (status == VerificationStatus.PENDING_PUSH) {
        due = Math.min(due, pushDeadline + LOCAL_TIMER_GRACE_MILLIS);
      }
      if (resendHeldUntil > 0) {
        due = Math.min(due, resendHeldUntil + LOCAL_TIMER_GRACE_MILLIS);
      }
      for (Attempt a : attempts) {
        if (a.awaitingReceipt() && a.deliveryDueAt() > 0) {
          due = Math.min(due, a.deliveryDueAt() + LOCAL_TIMER_GRACE_MILLIS);
        }
      }
    }
    for (SendClaim c : claims) {
      due = Math.min(due, c.since() + SendClaim.ABANDONED_AFTER_MILLIS);
    }
    return Math.min(due, keepUntil);
  }

  /**
   * When the member that owns this record must next look at it, with {@code members} in the
   * cluster: {@link #dueAt()}, or sooner when a send of a member no longer among them is open here.
   */
  public long dueAt(Set<String> members) {
    long due = dueAt();
    for (SendClaim c : claims) {
      due = Math.min(due, c.abandonedAt(members));
    }
    return due;
  }

  private static boolean orphaned(Outboxed o, Set<String> members, long now) {
    return o.publisher() != null
        && !members.contains(o.publisher())
        && o.event().at() >= now - OUTBOX_HORIZON_MILLIS;
  }

  // --- the outbox ---

  /** Starts an event of this verification, numbered next, with its state after the change. */
  private Event.Builder event(EventType type, long at) {
    return Event.builder(Event.idOf(id, ++eventCount), type, at, tenantId)
        .verification(id, to, country)
        .region(route == null ? null : route.region());
  }

  private void emit(Event.Builder event) {
    long now = event.build().at();
    outbox.add(
        new Outboxed(
            event.state(visibleStatus(now), MAX_CHECKS - failedChecks, request.userRef()).build(),
            null));
  }

  /**
   * Stamps the events emitted since the last stamp (and any adopted ones) with the member that will
   * publish them, moves them to the end of the outbox in their order, drops events past the
   * horizon, and returns the stamped ones: so they are always the outbox's last.
   */
  public List<Event> stampUnpublished(String publisher, long now) {
    outbox.removeIf(o -> o.publisher() != null && o.event().at() < now - OUTBOX_HORIZON_MILLIS);
    List<Event> stamped = new ArrayList<>(2);
    for (Outboxed o : outbox) {
      if (o.publisher() == null) {
        stamped.add(o.event());
      }
    }
    if (!stamped.isEmpty()) {
      outbox.removeIf(o -> o.publisher() == null);
      stamped.forEach(e -> outbox.add(new Outboxed(e, publisher)));
    }
    // A send claimed (or taken over) by this change is this member's.
    claims.replaceAll(c -> c.member() == null ? c.stampedBy(publisher) : c);
    return stamped;
  }

  /**
   * Drops from the outbox the events a ledger has written, by their numbers ({@link Event#idOf}):
   * no one needs to publish them again, so they need not wait out the horizon. In a record's first
   * 30 s they were most of its size.
   *
   * @param numbers a bit per event number written, as {@link #numbersOf} gives them
   * @return how many were dropped
   */
  public int dropWritten(long numbers) {
    int before = outbox.size();
    outbox.removeIf(o -> (bitOf(id, o.event()) & numbers) != 0);
    return before - outbox.size();
  }

  /**
   * A bit per event of verification {@code id} among {@code events}, by its number: events numbered
   * past 63 (a verification with that many changes) and other ids have none, and wait out the
   * horizon.
   */
  public static long numbersOf(String id, List<Event> events) {
    long numbers = 0;
    for (Event e : events) {
      numbers |= bitOf(id, e);
    }
    return numbers;
  }

  /** The bit of one event of verification {@code id} by its number; 0 for any other event. */
  private static long bitOf(String id, Event e) {
    int n = Event.numberOf(e.id());
    boolean ours = e.id().startsWith(id) && e.id().lastIndexOf(':') == id.length();
    return ours && n >= 1 && n <= 63 ? 1L << n : 0;
  }

  /** Whether the outbox holds recent events of a member no longer in the cluster. */
  public boolean hasOrphanedEvents(Set<String> members, long now) {
    for (Outboxed o : outbox) {
      if (orphaned(o, members, now)) {
        return true;
      }
    }
    return false;
  }

  private boolean hasAcceptedAttempt() {
    return attempts.stream().anyMatch(Attempt::accepted);
  }

  private void end(VerificationStatus finalStatus, EndReason reason, long now) {
    status = finalStatus;
    endReason = reason;
    endedAt = now;
  }

  // --- reads ---

  /** The status a caller sees: a live verification past its lifetime reads as expired. */
  public String visibleStatus(long now) {
    if (status.isLive() && now >= expiresAt) {
      return VerificationStatus.EXPIRED.wireName();
    }
    return status.wireName();
  }

  /** How long the code lives once sent: its expiry measured from when it could first be sent. */
  public long lifetimeMillis() {
    return expiresAt - (pushDeadline > 0 ? pushDeadline : createdAt);
  }

  /** The latest attempt a provider accepted: the one a person most likely read the code from. */
  public Attempt latestAccepted() {
    Attempt latest = null;
    for (Attempt a : attempts) {
      if (a.accepted()) {
        latest = a;
      }
    }
    return latest;
  }

  /** What its accepted attempts cost so far. */
  public BigDecimal priceUsd() {
    BigDecimal total = BigDecimal.ZERO;
    for (Attempt a : attempts) {
      if (a.accepted()) {
        total = total.add(a.priceUsd());
      }
    }
    return total;
  }

  /** Segments of its accepted attempts (an RCS message counts 1). */
  public int billedSegments() {
    int total = 0;
    for (Attempt a : attempts) {
      if (a.accepted()) {
        total += a.segments();
      }
    }
    return total;
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

  public Destination destination() {
    return new Destination(to, country);
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

  public long keepUntil() {
    return keepUntil;
  }

  /** Whether the record's retention is over: it is then as if it never existed. */
  public boolean gone(long now) {
    return now >= keepUntil;
  }

  public Request request() {
    return request;
  }

  public VerificationStatus status() {
    return status;
  }

  public EndReason endReason() {
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

  /** Sends in flight: claimed, their outcome not yet recorded. */
  public List<SendClaim> claims() {
    return List.copyOf(claims);
  }

  /** The open claim that reserved attempt {@code first} onward, or null. */
  public SendClaim claim(int first) {
    for (SendClaim c : claims) {
      if (c.first() == first) {
        return c;
      }
    }
    return null;
  }

  /** When a resend held for a push acknowledgement goes out; 0: none held. */
  public long resendHeldUntil() {
    return resendHeldUntil;
  }

  /** The events in the outbox, oldest first. */
  public List<Outboxed> outbox() {
    return List.copyOf(outbox);
  }

  /**
   * Whether a copy that only one side of a healed split brain has is kept. One that sent nothing
   * and is still held for a push or sending its first message was made by a start the other side
   * never saw confirmed: on a minority of one member (its backup is across the split), its client
   * was answered 503 and started again elsewhere. Kept, it would send a code nobody waits for, past
   * the number's rate limit (the fault harness found both); dropped, nothing is sent. A minority of
   * two or more members can have confirmed such a start in the seconds before it noticed the split;
   * dropping it then loses a held code's fallback, the rarer and the lesser harm.
   */
  public static boolean survivesAlone(Verification v) {
    return v.latestAccepted() != null
        || (v.status != VerificationStatus.PENDING_PUSH && v.status != VerificationStatus.SENDING);
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
