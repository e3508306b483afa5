package dev.otpgateway.scenario;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One person (or bot) of a run and what became of their verification: what the start answered, what
 * they saw on their phone and when, what their check answered, and, read at the end, every attempt
 * the gateway made and whether the handset got the code. Touched by the player's one event loop
 * only.
 */
final class Session {
  /** An attempt as the gateway's read answer shows it. */
  record Attempt(
      String provider,
      String channel,
      String outcome,
      String delivery,
      long atMs,
      BigDecimal priceUsd) {
    boolean accepted() {
      return "accepted".equals(outcome);
    }
  }

  final TrafficPlan.Arrival arrival;
  long startedAt;
  long lastAskAt;
  int startStatus;
  String refusal;
  String error;
  String id;
  int resends;
  boolean approved;
  long approvedAt;
  String checkOutcome;
  boolean gaveUp;
  boolean finished;

  // Read at the end of the run.
  String status;
  List<Attempt> attempts = new ArrayList<>();
  long handsetAt;

  Session(TrafficPlan.Arrival arrival) {
    this.arrival = arrival;
  }

  boolean attack() {
    return arrival.attack() != null;
  }

  /** Whether the gateway took the start (201 or 202) and so made a verification. */
  boolean started() {
    return id != null;
  }

  boolean deliveredByReceipt() {
    return attempts.stream().anyMatch(a -> "delivered".equals(a.delivery()));
  }

  boolean onHandset() {
    return handsetAt > 0;
  }

  List<Attempt> accepted() {
    return attempts.stream().filter(Attempt::accepted).toList();
  }
}
