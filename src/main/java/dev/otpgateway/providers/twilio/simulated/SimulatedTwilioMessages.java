package dev.otpgateway.providers.twilio.simulated;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The simulated Twilio's Message resources, by SID: what it needs to answer fetches and listings
 * and to move a message through {@code queued → sent → delivered | undelivered}. Bounded like the
 * simulator's other logs: past the cap the oldest message is forgotten.
 */
final class SimulatedTwilioMessages {
  private final int capacity;
  private final Map<String, Resource> bySid;

  SimulatedTwilioMessages(int capacity) {
    this.capacity = capacity;
    this.bySid =
        new LinkedHashMap<>(1024, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Resource> eldest) {
            return size() > SimulatedTwilioMessages.this.capacity;
          }
        };
  }

  synchronized void add(Resource resource) {
    bySid.put(resource.sid(), resource);
  }

  synchronized Optional<Resource> get(String sid) {
    return Optional.ofNullable(bySid.get(sid));
  }

  /** Moves a message on, keeping when it was sent once it has been. */
  synchronized Optional<Resource> update(String sid, String status, Integer errorCode, Instant at) {
    Resource current = bySid.get(sid);
    if (current == null) {
      return Optional.empty();
    }
    Instant sent = current.dateSent() != null ? current.dateSent() : at;
    Resource next =
        new Resource(
            current.sid(),
            current.accountSid(),
            current.to(),
            current.from(),
            current.body(),
            current.segments(),
            status,
            errorCode,
            current.dateCreated(),
            sent,
            at);
    bySid.put(sid, next);
    return Optional.of(next);
  }

  /** The messages that pass the filter, newest first. */
  synchronized List<Resource> newestFirst(Predicate<Resource> filter) {
    List<Resource> found = new ArrayList<>();
    for (Resource r : bySid.values()) {
      if (filter.test(r)) {
        found.add(r);
      }
    }
    Collections.reverse(found);
    return found;
  }

  /**
   * One Message resource's state.
   *
   * @param from the sender, or null when a Messaging Service has yet to pick one
   * @param dateSent when Twilio sent it on, or null while it is queued
   */
  record Resource(
      String sid,
      String accountSid,
      String to,
      String from,
      String body,
      int segments,
      String status,
      Integer errorCode,
      Instant dateCreated,
      Instant dateSent,
      Instant dateUpdated) {

    /** The GMT day it was sent on, as the {@code DateSent} filters compare it. */
    Optional<LocalDate> sentOn() {
      return Optional.ofNullable(dateSent).map(d -> d.atZone(ZoneOffset.UTC).toLocalDate());
    }
  }
}
