package dev.otpgateway.verification;

import dev.otpgateway.events.Event;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * Where verifications live, shared by every node. Each change stamps the events it emitted with
 * this member as their publisher (see {@link Verification#stampUnpublished}) and hands them back;
 * {@link VerificationRecords} publishes them.
 */
public interface VerificationStore {

  /** Stores a new verification, kept until {@code keepUntil} (epoch ms); returns its events. */
  Future<List<Event>> create(Verification verification, long keepUntil);

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
   * Ids of the verifications this member owns that fell due by {@code now} ({@link
   * Verification#dueAt}), or hold a send of a member no longer among {@code members}; at most
   * {@code max}. Blocking: call it off the event loop.
   */
  Set<String> dueLocally(Set<String> members, long now, int max);

  /**
   * Ids of verifications this member owns that hold recent events of publishers no longer among
   * {@code members}. Blocking: call it off the event loop.
   */
  Set<String> holdingOrphanedEvents(Set<String> members, long now);

  /** A transition's result with the verification it left behind and the events it emitted. */
  record Updated<R>(R result, Verification verification, List<Event> events) {}
}
