package dev.otpgateway.faults;

import dev.otpgateway.ledger.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads every answer the clients got and every ledger entry, and names each break of the promises a
 * cluster makes whatever happens to its members (issue 13):
 *
 * <ol>
 *   <li>every accepted verification reaches exactly one terminal state (approved, canceled or
 *       expired);
 *   <li>a code approves at most once, also across a partition and its heal, and a consumed code is
 *       never resurrected by a merge;
 *   <li>no idempotency key makes two verifications, no message is recorded as sent twice, and no
 *       handset receives more messages than the ledger has sends (and ambiguous failed sends) for
 *       it;
 *   <li>every armed push timer fires (a send) or is canceled, and every delivery timer fires (a
 *       receipt, or the missing receipt's failover) or ends with its verification;
 *   <li>rate windows and fraud counts err toward refusing: no number is sent more than its hourly
 *       limit allows, and no member counts fewer starts for a prefix than were accepted;
 *   <li>the ledger has each event once.
 * </ol>
 */
final class InvariantChecker {
  private static final Set<String> TERMINAL = Set.of("approved", "canceled", "expired");

  /**
   * What the checker reads besides the clients' answers and the ledger.
   *
   * @param handsetMessages the messages each number's simulated handset received (provider, time)
   * @param hotNumbers numbers started again and again, past their hourly limit
   * @param fraudViews what members said they counted for a prefix (the admin's fraud preview)
   */
  record Observed(
      Map<String, List<String>> handsetMessages,
      Set<String> hotNumbers,
      int perNumberPerHour,
      List<FraudView> fraudViews,
      long deliveryTimeoutMs) {}

  /**
   * The starts one member counted in the last hour for a number prefix, as it answered at {@code
   * askedAt}. Every start accepted {@link #FRAUD_STALENESS_MS} before that must be in it.
   */
  record FraudView(int member, String prefix, long askedAt, long started) {}

  /** How far behind the cluster a member's fraud counts may be (FraudCounters.MAX_STALENESS_MS). */
  static final long FRAUD_STALENESS_MS = dev.otpgateway.abuse.FraudCounters.MAX_STALENESS_MS;

  private final List<ClientCall> calls;
  private final List<LedgerEntry> ledger;
  private final Observed observed;
  private final List<String> violations = new ArrayList<>();
  private final Map<String, List<LedgerEntry>> byVerification = new HashMap<>();

  private InvariantChecker(List<ClientCall> calls, List<LedgerEntry> ledger, Observed observed) {
    this.calls = calls;
    this.ledger = ledger;
    this.observed = observed;
    for (LedgerEntry e : ledger) {
      Object v = e.body().get("verification");
      if (v != null) {
        byVerification.computeIfAbsent((String) v, k -> new ArrayList<>()).add(e);
      }
    }
  }

  /** Every violation found, each on a line that names the verification, number or key. */
  static List<String> check(List<ClientCall> calls, List<LedgerEntry> ledger, Observed observed) {
    InvariantChecker c = new InvariantChecker(calls, ledger, observed);
    c.eventsOnce();
    Map<String, ClientCall> accepted = c.accepted();
    c.oneTerminalState(accepted.keySet());
    c.approvedAtMostOnce();
    c.idempotentSends(accepted);
    c.timersFired(accepted);
    c.countersErTowardRefusing(accepted);
    return c.violations;
  }

  /** The accepted verifications, each with the first answer that accepted it. */
  private Map<String, ClientCall> accepted() {
    Map<String, ClientCall> accepted = new TreeMap<>();
    for (ClientCall c : calls) {
      if (c.accepted()) {
        accepted.putIfAbsent(c.verification(), c);
      }
    }
    return accepted;
  }

  private void eventsOnce() {
    Set<String> seen = new HashSet<>();
    for (LedgerEntry e : ledger) {
      if (e.eventId() != null && !seen.add(e.eventId())) {
        violations.add("event " + e.eventId() + " (" + e.kind() + ") is in the ledger twice");
      }
    }
  }

  private void oneTerminalState(Set<String> accepted) {
    for (String id : accepted) {
      List<String> ends =
          entries(id).stream().map(LedgerEntry::kind).filter(TERMINAL::contains).toList();
      if (ends.size() != 1) {
        violations.add(
            id
                + " reached "
                + ends.size()
                + " terminal states "
                + ends
                + "; the ledger has "
                + entries(id).stream().map(LedgerEntry::kind).toList()
                + "; the clients got "
                + describe(calls.stream().filter(c -> id.equals(c.verification())).toList()));
      }
    }
  }

  private void approvedAtMostOnce() {
    Map<String, List<ClientCall>> approvals = new HashMap<>();
    for (ClientCall c : calls) {
      if (c.approved()) {
        approvals.computeIfAbsent(c.verification(), k -> new ArrayList<>()).add(c);
      }
    }
    approvals.forEach(
        (id, answers) -> {
          if (answers.size() > 1) {
            violations.add(id + " approved " + answers.size() + " times: " + describe(answers));
          }
        });
  }

  private void idempotentSends(Map<String, ClientCall> accepted) {
    Map<String, Set<String>> byKey = new HashMap<>();
    for (ClientCall c : calls) {
      if (c.accepted() && c.idempotencyKey() != null) {
        byKey.computeIfAbsent(c.idempotencyKey(), k -> new HashSet<>()).add(c.verification());
      }
    }
    byKey.forEach(
        (key, ids) -> {
          if (ids.size() > 1) {
            violations.add(
                "idempotency key " + key + " made " + ids.size() + " verifications " + ids);
          }
        });

    Map<String, Integer> paidSends = new HashMap<>();
    Map<String, List<String>> recordedSends = new HashMap<>();
    for (Map.Entry<String, ClientCall> a : accepted.entrySet()) {
      Set<Object> attempts = new HashSet<>();
      int sends = 0;
      for (LedgerEntry e : entries(a.getKey())) {
        if (e.kind().equals("sent")) {
          sends++;
          recordedSends
              .computeIfAbsent(a.getValue().number(), k -> new ArrayList<>())
              .add(
                  a.getKey()
                      + "/"
                      + e.body().get("attempt")
                      + " "
                      + e.body().get("provider")
                      + " "
                      + e.body().get("time"));
          if (!attempts.add(e.body().get("attempt"))) {
            violations.add(a.getKey() + " attempt " + e.body().get("attempt") + " sent twice");
          }
        } else if (e.kind().equals("send_failed") && "ambiguous".equals(detail(e, "failure"))) {
          sends++; // the provider may have sent it: it may be on the handset
        }
      }
      paidSends.merge(a.getValue().number(), sends, Integer::sum);
    }
    observed
        .handsetMessages()
        .forEach(
            (number, received) -> {
              int recorded = paidSends.getOrDefault(number, 0);
              if (received.size() > recorded) {
                violations.add(
                    number
                        + " received "
                        + received
                        + ", the ledger has "
                        + recordedSends.getOrDefault(number, List.of())
                        + " of "
                        + ledgerOf(number)
                        + "; the clients got "
                        + describe(callsTo(number)));
              }
            });
  }

  private void timersFired(Map<String, ClientCall> accepted) {
    for (Map.Entry<String, ClientCall> a : accepted.entrySet()) {
      String id = a.getKey();
      List<LedgerEntry> entries = entries(id);
      boolean held = a.getValue().status() == 202;
      boolean sent = entries.stream().anyMatch(e -> e.kind().equals("sent"));
      boolean canceled = entries.stream().anyMatch(e -> e.kind().equals("canceled"));
      if (held && !sent && !canceled) {
        violations.add(id + " was held for a push acknowledgement, then neither sent nor canceled");
      }
      if (!held && !sent) {
        violations.add(id + " was answered " + a.getValue().status() + " but has no sent message");
      }
      long ended =
          entries.stream()
              .filter(e -> TERMINAL.contains(e.kind()))
              .mapToLong(InvariantChecker::time)
              .min()
              .orElse(Long.MAX_VALUE);
      for (LedgerEntry e : entries) {
        if (!e.kind().equals("sent")) {
          continue;
        }
        Object attempt = e.body().get("attempt");
        boolean settled =
            entries.stream()
                .anyMatch(
                    r ->
                        (r.kind().equals("delivered") || r.kind().equals("undelivered"))
                            && attempt.equals(r.body().get("attempt")));
        // A timer whose verification ended first has nothing left to do: it was canceled.
        boolean endedFirst = ended < time(e) + observed.deliveryTimeoutMs();
        if (!settled && !endedFirst) {
          violations.add(
              id + " attempt " + attempt + " got no receipt and its delivery timer never fired");
        }
      }
    }
  }

  private void countersErTowardRefusing(Map<String, ClientCall> accepted) {
    Map<String, Set<String>> sendsPerHotNumber = new HashMap<>();
    for (ClientCall c : calls) {
      if (c.accepted() && observed.hotNumbers().contains(c.number())) {
        sendsPerHotNumber.computeIfAbsent(c.number(), k -> new HashSet<>()).add(c.idempotencyKey());
      }
    }
    sendsPerHotNumber.forEach(
        (number, keys) -> {
          if (keys.size() > observed.perNumberPerHour()) {
            violations.add(
                number
                    + " was sent "
                    + keys.size()
                    + " times within the hour, over its limit of "
                    + observed.perNumberPerHour());
          }
        });

    for (FraudView view : observed.fraudViews()) {
      long started =
          accepted.values().stream()
              .filter(c -> c.number().startsWith(view.prefix()))
              .filter(c -> c.at() < view.askedAt() - FRAUD_STALENESS_MS)
              .count();
      if (view.started() < started) {
        violations.add(
            "member "
                + view.member()
                + " counts "
                + view.started()
                + " starts for prefix "
                + view.prefix()
                + ", "
                + started
                + " were accepted before");
      }
    }
  }

  private List<LedgerEntry> entries(String verification) {
    return byVerification.getOrDefault(verification, List.of());
  }

  private static long time(LedgerEntry e) {
    return Instant.parse((String) e.body().get("time")).toEpochMilli();
  }

  private static Object detail(LedgerEntry e, String field) {
    return e.body().get("detail") instanceof Map<?, ?> d ? d.get(field) : null;
  }

  /** Every ledger entry of the verifications started for a number: kind, attempt, time. */
  private List<String> ledgerOf(String number) {
    Set<String> ids = new HashSet<>();
    for (ClientCall c : calls) {
      if (c.accepted() && number.equals(c.number())) {
        ids.add(c.verification());
      }
    }
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      for (LedgerEntry e : entries(id)) {
        out.add(
            id
                + " "
                + e.kind()
                + " "
                + e.body().get("attempt")
                + " "
                + e.body().get("outcome")
                + " "
                + e.body().get("time"));
      }
    }
    return out;
  }

  private List<ClientCall> callsTo(String number) {
    return calls.stream().filter(c -> number.equals(c.number())).toList();
  }

  private static String describe(List<ClientCall> answers) {
    List<String> out = new ArrayList<>();
    for (ClientCall c : answers) {
      String outcome = c.outcome().startsWith("{") ? c.verification() : c.outcome();
      out.add(
          c.op()
              + " "
              + c.status()
              + " "
              + outcome
              + " from member "
              + c.member()
              + " in "
              + c.phase()
              + " at "
              + Instant.ofEpochMilli(c.at()));
    }
    return String.join(", ", out);
  }
}
