package dev.otpgateway.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a ledger the way an auditor would, needing nothing but the store and, to know the
 * checkpoints are the operator's, its public key. For each writer's chain, in stored order: every
 * entry's hash must match its text, each must name the previous entry's hash, sequence numbers must
 * run without a gap, repeat or step back, every checkpoint's signature must hold, and the chain
 * must reach the head checkpoint kept apart from it. The first fault is named with where it is and
 * what it is: altered, deleted, reordered, inserted, truncated, or bad signature.
 */
public final class LedgerVerifier {
  private LedgerVerifier() {}

  /** What went wrong, and where. */
  public enum Fault {
    ALTERED("altered"),
    DELETED("deleted"),
    REORDERED("reordered"),
    INSERTED("inserted"),
    TRUNCATED("truncated"),
    BAD_SIGNATURE("bad signature");

    private final String words;

    Fault(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** The first problem found: where, what kind, and a sentence about it. */
  public record Problem(String location, Fault fault, String detail) {
    @Override
    public String toString() {
      return location + ": " + fault.words() + ": " + detail;
    }
  }

  /**
   * What a verification found.
   *
   * @param notes what the auditor should know besides, e.g. a chain without a head yet
   */
  public record Result(
      int writers, long entries, long checkpoints, Problem problem, List<String> notes) {
    public boolean intact() {
      return problem == null;
    }
  }

  /**
   * @param publicKey base64 of the Ed25519 public key checkpoints must be signed with; null to
   *     check them against the key each one names (then they only prove the chain is consistent)
   */
  public static Result verify(LedgerStore store, String publicKey) {
    long entries = 0;
    long checkpoints = 0;
    List<String> notes = new ArrayList<>();
    List<String> writers = store.writers();
    for (String writer : writers) {
      Chain chain = new Chain(writer, publicKey);
      List<LedgerStore.Stored> stored = new ArrayList<>();
      store.scan(
          writer,
          s -> {
            stored.add(s);
            return true;
          });
      Problem problem = chain.check(stored);
      if (problem == null) {
        problem = chain.checkHead(store.headText(writer), notes);
      }
      entries += chain.entries;
      checkpoints += chain.checkpoints;
      if (problem != null) {
        return new Result(writers.size(), entries, checkpoints, problem, notes);
      }
    }
    if (publicKey == null && checkpoints > 0) {
      notes.add(
          "checkpoints were checked against the public key they name; pass --public-key to check"
              + " they are signed with yours");
    }
    return new Result(writers.size(), entries, checkpoints, null, notes);
  }

  /** One writer's chain as it is read. */
  private static final class Chain {
    private final String writer;
    private final String publicKey;
    private long entries;
    private long checkpoints;
    private long lastSeq;
    private String lastHash = LedgerEntry.GENESIS;
    private String lastLocation;
    private final Map<Long, String> hashBySeq = new HashMap<>();

    Chain(String writer, String publicKey) {
      this.writer = writer;
      this.publicKey = publicKey;
    }

    Problem check(List<LedgerStore.Stored> stored) {
      Map<Long, Integer> positionOfSeq = new HashMap<>();
      List<Map<String, Object>> bodies = new ArrayList<>(stored.size());
      for (int i = 0; i < stored.size(); i++) {
        LedgerStore.Stored s = stored.get(i);
        if (s.torn()) {
          return new Problem(s.location(), Fault.TRUNCATED, "the entry is cut off mid-way");
        }
        String malformed = EntryFormat.malformation(s.text());
        if (malformed != null) {
          return new Problem(s.location(), Fault.ALTERED, "the entry " + malformed);
        }
        Map<String, Object> body;
        try {
          body = EntryFormat.parse(s.text());
        } catch (IllegalArgumentException e) {
          return new Problem(s.location(), Fault.ALTERED, "the entry " + e.getMessage());
        }
        bodies.add(body);
        if (body.get("seq") instanceof Number n) {
          positionOfSeq.putIfAbsent(n.longValue(), i);
        }
      }
      for (int i = 0; i < stored.size(); i++) {
        LedgerStore.Stored s = stored.get(i);
        Problem p = checkOne(s, bodies.get(i), i, positionOfSeq);
        if (p != null) {
          return p;
        }
      }
      return null;
    }

    private Problem checkOne(
        LedgerStore.Stored s,
        Map<String, Object> body,
        int position,
        Map<Long, Integer> positions) {
      String claimed = EntryFormat.claimedHash(s.text());
      if (!claimed.equals(EntryFormat.actualHash(s.text()))) {
        return new Problem(
            s.location(), Fault.ALTERED, "its content no longer matches its hash " + claimed);
      }
      if (!(body.get("seq") instanceof Number number) || !writer.equals(body.get("node"))) {
        return new Problem(
            s.location(), Fault.INSERTED, "it is not an entry of " + writer + "'s chain");
      }
      long seq = number.longValue();
      long expected = lastSeq + 1;
      if (seq < expected) {
        return hashBySeq.containsKey(seq)
            ? new Problem(
                s.location(),
                Fault.INSERTED,
                "a second entry numbered " + seq + " (the first is before it)")
            : new Problem(
                s.location(), Fault.REORDERED, "entry " + seq + " comes after entry " + lastSeq);
      }
      if (seq > expected) {
        Integer later = positions.get(expected);
        return later != null && later > position
            ? new Problem(
                s.location(), Fault.REORDERED, "entry " + seq + " comes before entry " + expected)
            : new Problem(
                s.location(),
                Fault.DELETED,
                (seq - expected == 1
                        ? "entry " + expected + " is missing"
                        : "entries " + expected + " to " + (seq - 1) + " are missing")
                    + " before entry "
                    + seq);
      }
      if (!lastHash.equals(body.get("prev_hash"))) {
        return new Problem(
            lastLocation == null ? s.location() : lastLocation,
            Fault.ALTERED,
            "entry "
                + (seq - 1)
                + " no longer has the hash entry "
                + seq
                + " names as its previous");
      }
      Problem columns = columnsAgree(s, body);
      if (columns != null) {
        return columns;
      }
      if (LedgerEntry.CHECKPOINT.equals(body.get("event"))) {
        checkpoints++;
        Problem signature = signature(s.location(), body, seq);
        if (signature != null) {
          return signature;
        }
      }
      entries++;
      lastSeq = seq;
      lastHash = claimed;
      lastLocation = s.location();
      hashBySeq.put(seq, claimed);
      return null;
    }

    private Problem signature(String location, Map<String, Object> body, long seq) {
      String key = publicKey != null ? publicKey : (String) body.get("public_key");
      String signature = (String) body.get("signature");
      if (key == null
          || signature == null
          || !LedgerSigner.verify(
              key,
              EntryFormat.checkpointMessage(writer, seq, (String) body.get("prev_hash")),
              signature)) {
        return new Problem(
            location,
            Fault.BAD_SIGNATURE,
            "checkpoint "
                + seq
                + "'s signature does not hold"
                + (publicKey != null ? " for the given public key" : ""));
      }
      return null;
    }

    /** A store's columns (PostgreSQL's) must say what the entry's text says. */
    private static Problem columnsAgree(LedgerStore.Stored s, Map<String, Object> body) {
      for (Map.Entry<String, Object> column : s.columns().entrySet()) {
        Object inText =
            "hash".equals(column.getKey())
                ? EntryFormat.claimedHash(s.text())
                : body.get(column.getKey());
        if (!same(column.getValue(), inText)) {
          return new Problem(
              s.location(),
              Fault.ALTERED,
              "its column "
                  + column.getKey()
                  + " says "
                  + column.getValue()
                  + " but the entry says "
                  + inText);
        }
      }
      return null;
    }

    private static boolean same(Object column, Object text) {
      if (column == null || text == null) {
        return column == null && text == null;
      }
      if (column instanceof BigDecimal d) {
        return d.compareTo(new BigDecimal(text.toString())) == 0;
      }
      if (column instanceof Number n && text instanceof Number t) {
        return n.longValue() == t.longValue();
      }
      if (column instanceof Instant i) {
        return i.equals(Instant.parse(text.toString()));
      }
      return Objects.equals(column.toString().strip(), text.toString());
    }

    /** The head checkpoint kept apart must be in the chain, unaltered: else the chain was cut. */
    Problem checkHead(String headText, List<String> notes) {
      if (headText == null) {
        if (entries > 0) {
          notes.add(
              writer
                  + " has no checkpoint kept apart yet: entries after its last checkpoint could be"
                  + " cut off unnoticed");
        }
        return null;
      }
      String where = writer + " head";
      if (EntryFormat.malformation(headText) != null
          || !EntryFormat.claimedHash(headText).equals(EntryFormat.actualHash(headText))) {
        return new Problem(where, Fault.ALTERED, "the head checkpoint no longer matches its hash");
      }
      Map<String, Object> head = EntryFormat.parse(headText);
      long seq = ((Number) head.get("seq")).longValue();
      Problem signature = signature(where, head, seq);
      if (signature != null) {
        return signature;
      }
      if (seq > lastSeq) {
        return new Problem(
            where,
            Fault.TRUNCATED,
            "the chain ends at entry "
                + lastSeq
                + " but its signed head is entry "
                + seq
                + ": entries were cut off the end");
      }
      if (!EntryFormat.claimedHash(headText).equals(hashBySeq.get(seq))) {
        return new Problem(
            where, Fault.ALTERED, "entry " + seq + " is not the checkpoint the head signed");
      }
      return null;
    }
  }
}
