package dev.otpgateway.verification;

import dev.otpgateway.events.Event;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where verifications live, shared by every node. Each change stamps the events it emitted with
 * this member as their publisher (see {@link Verification#stampUnpublished}) and hands them back;
 * {@link VerificationRecords} publishes them.
 */
public interface VerificationStore {

  /**
   * Stores a new verification, kept until its {@link Verification#keepUntil}; returns its events.
   */
  Future<List<Event>> create(Verification verification);

  /** The verification, or null when there is none (never was, or past its retention). */
  Future<Verification> get(String id);

  /**
   * Applies a transition atomically where the entry lives.
   *
   * @param tenantId the tenant that must own it, so no tenant can touch another's verification;
   *     null for the gateway's own changes (receipts, timers, sweeps)
   * @return the transition's result, the verification after it and the events it emitted, or null
   *     when there is none
   */
  <R> Future<Updated<R>> update(String id, String tenantId, Transition<R> transition);

  /**
   * Drops from outboxes the events a ledger wrote, each verification's by the bits of its event
   * numbers ({@link Verification#dropWritten}), the verifications of a partition in one operation.
   * It emits no events. A verification it misses keeps those events until the outbox's horizon.
   *
   * @param numbersById per verification id, a bit per event number written
   */
  Future<Void> dropWritten(Map<String, Long> numbersById);

  /**
   * The verifications this member owns that fall due by {@code until}, each with when it does
   * ({@link Verification#dueAt(Set)} with {@code members} in the cluster): at most {@code max} of
   * them, in no particular order. Blocking: call it off the event loop.
   */
  List<Due> dueLocally(Set<String> members, long until, int max);

  /**
   * Ids of verifications this member owns that hold recent events of publishers no longer among
   * {@code members}. Blocking: call it off the event loop.
   */
  Set<String> holdingOrphanedEvents(Set<String> members, long now);

  /** A verification's id and when it falls due (epoch ms). */
  record Due(String id, long at) {}

  /** A transition's result with the verification it left behind and the events it emitted. */
  record Updated<R>(R result, Verification verification, List<Event> events) {}
}
