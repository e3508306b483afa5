package dev.otpgateway.verification;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.Transaction;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.Risk;
import java.math.BigDecimal;
import java.util.ArrayList;
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
  public record Route(String rulesVersion, String region, String reason)
      implements java.io.Serializable {}

  /**
   * An event waiting in the outbox.
   *
   * @param publisher the cluster member that publishes it; null until the store stamps it
   */
  public record Outboxed(Event event, String publisher) {}

  /** Everything a new verification is made of. */
  public record Draft(
      String id,
      String tenantId,
      Destination destination,
      Request request,
      byte[] codeHash,
      byte[] sealedCode,
      long now,
      long expiresAt,
      long pushDeadline,
      int reservedAttempts,
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
      List<Outboxed> outbox) {}

  Verification(State s) {
    this.id = s.id();
    this.tenantId = s.tenantId();
    this.to = s.to();
    this.country = s.country();
    this.codeHash = s.codeHash();
    this.sealedCode = s.sealedCode();
    this.createdAt = s.createdAt();
    this.expiresAt = s.expiresAt();
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
  }

  /**
   * A new verification: held for a push acknowledgement when {@code pushDeadline} is set, else
   * sending, with {@code reservedAttempts} attempt numbers taken for its first send.
   */
  public static Verification start(Draft d) {
    boolean held = d.pushDeadline() > 0;
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
                d.request(),
                held ? VerificationStatus.PENDING_PUSH : VerificationStatus.SENDING,
                null,
                0,
                0,
                held ? 0 : 1,
                d.pushDeadline(),
                held ? 1 : 1 + Math.max(1, d.reservedAttempts()),
                d.route(),
                List.of(),
                0,
                List.of()));
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
        outbox);
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

  /**
   * What one send achieved, to record.
   *
   * @param attempts every try, in order; the accepted one (if any) last
   * @param decision the routing decision behind the send, with its inputs
   * @param baselineUsd what the region's baseline provider would have charged for the message
   * @param failedOver the provider whose failure made this send a failover, or null
   */
  public record SendRecord(
      List<Attempt> attempts,
      Route route,
      RecordedDecision decision,
      BigDecimal baselineUsd,
      String failedOver,
      long now)
      implements java.io.Serializable {
    public SendRecord {
      attempts = List.copyOf(attempts);
    }
  }

  /** Records a batch of attempts from one send, what they achieved, and what they cost. */
  public void recordSend(SendRecord send) {
    attempts.addAll(send.attempts());
    route = send.route();
    boolean anyAccepted = send.attempts().stream().anyMatch(Attempt::accepted);
    if (anyAccepted) {
      if (status == VerificationStatus.SENDING || status == VerificationStatus.PENDING_PUSH) {
        status = VerificationStatus.SENT;
      }
    } else if (status == VerificationStatus.SENDING && !hasAcceptedAttempt()) {
      end(VerificationStatus.FAILED, EndReason.ALL_PROVIDERS_FAILED, send.now());
    }
    // A failover is told before the attempt it leads to: from the provider that failed (the one
    // whose receipt or timeout started this send, then each failed try of the send), and why.
    String previous = send.failedOver();
    String why =
        previous == null || send.attempts().isEmpty()
            ? null
            : first(send).trigger().failoverReason();
    for (Attempt a : send.attempts()) {
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
    if (anyAccepted && first(send).trigger() == SendTrigger.RESEND) {
      emit(event(EventType.RESENT, send.now()));
    }
  }

  private static Attempt first(SendRecord send) {
    return send.attempts().get(0);
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
    return stamped;
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

  /** The events in the outbox, oldest first. */
  public List<Outboxed> outbox() {
    return List.copyOf(outbox);
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
