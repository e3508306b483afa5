package dev.otpgateway.ledger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where ledger entries are kept: JSON Lines segments under the data directory ({@link
 * FileLedgerStore}), or PostgreSQL ({@link PostgresLedgerStore}). Both keep the same entries, both
 * pass the same contract test, and {@link LedgerVerifier} checks either the same way.
 *
 * <p>Every method blocks: the ledger's writer calls them on its own thread, readers on worker
 * threads.
 */
public interface LedgerStore extends AutoCloseable {

  /** {@code file} or {@code postgres}: what {@code otp_ledger_entries_total{store}} says. */
  String kind();

  /**
   * Takes a writer's chain for this process alone (a second process with the same writer fails
   * here) and reads where it stands.
   *
   * @return the last entry's seq and hash; seq 0 and {@link LedgerEntry#GENESIS} for a new chain
   */
  ChainHead open(String writer);

  /** Where a writer's chain stands. */
  record ChainHead(long seq, String hash) {}

  /**
   * Which of these event ids entries of other writers already hold (a re-published event whose
   * first publisher died after writing it). A store that cannot tell answers none.
   */
  Set<String> recordedElsewhere(String writer, Collection<String> eventIds);

  /**
   * Appends entries that continue the writer's chain, in order, as one batch. When it returns they
   * survive a crash of this process.
   *
   * @throws DuplicateEventException when another writer recorded one of the events meanwhile;
   *     nothing of the batch was kept
   */
  void append(List<LedgerEntry> entries);

  /** Keeps the latest checkpoint apart from the chain, so a chain cut short after it is noticed. */
  void head(LedgerEntry checkpoint);

  /** Makes what was appended survive a crash of the machine too. */
  void sync();

  /** The writers whose chains the store holds. */
  List<String> writers();

  /** Visits a writer's entries in the order they are stored. */
  void scan(String writer, Visitor visitor);

  /** The text of a writer's head checkpoint, or null when it has none. */
  String headText(String writer);

  /**
   * One stored entry.
   *
   * @param location where it is stored, for an auditor: {@code file:line} or {@code row N}
   * @param text the stored text
   * @param torn whether the stored text was cut off (a file that ends mid-entry)
   * @param columns the values a store keeps beside the text (PostgreSQL's columns), which must
   *     agree with it; empty for a store that keeps only the text
   */
  record Stored(String location, String text, boolean torn, Map<String, Object> columns) {}

  /** Receives stored entries; returns false to stop. */
  interface Visitor {
    boolean visit(Stored entry);
  }

  /** The cost report of DESIGN §4, computed where the entries are. */
  CostReport report(ReportQuery query);

  /** Every entry that names this verification, in the order it happened. */
  List<LedgerEntry> entriesOf(String verificationId);

  /** A rules entry of this version, or null when the ledger has none. */
  LedgerEntry rules(String version);

  @Override
  void close();

  /** Another writer recorded one of a batch's events first. */
  final class DuplicateEventException extends RuntimeException {
    public DuplicateEventException(Throwable cause) {
      super("an event of the batch is in the ledger already", cause);
    }
  }
}
