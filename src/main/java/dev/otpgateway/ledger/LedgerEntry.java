package dev.otpgateway.ledger;

import java.util.Map;

/**
 * One entry of a writer's chain, as it is stored: its canonical text (one JSON object, {@code hash}
 * first) and the fields it was written from.
 *
 * @param writer the member that wrote it; each writer keeps a chain of its own
 * @param seq its place in the writer's chain, from 1
 * @param time when the event happened (epoch ms); a checkpoint's or rules entry's: when written
 * @param kind {@code checkpoint}, {@code rules}, or an event's wire name
 * @param eventId the event's id, or null for a checkpoint or rules entry
 * @param hash hex SHA-256 of the entry's canonical text without its hash, previous hash included
 * @param prevHash the hash of the entry before it (all zeros for the first)
 * @param body the fields, as written (sorted)
 * @param text the entry as stored: {@code {"hash":"…",<the canonical fields>}}
 */
public record LedgerEntry(
    String writer,
    long seq,
    long time,
    String kind,
    String eventId,
    String hash,
    String prevHash,
    Map<String, Object> body,
    String text) {

  public static final String CHECKPOINT = "checkpoint";
  public static final String RULES = "rules";

  /** The previous hash of a chain's first entry. */
  public static final String GENESIS = "0".repeat(64);

  public boolean isCheckpoint() {
    return CHECKPOINT.equals(kind);
  }
}
