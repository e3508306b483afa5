package dev.otpgateway.ledger;

import java.util.Comparator;

/** Orders for entries read from more than one chain. */
final class EntryOrder {
  private EntryOrder() {}

  /**
   * A verification's events in the order they happened: by time, then by their number within the
   * verification (two changes can share a millisecond).
   */
  static final Comparator<LedgerEntry> BY_EVENT =
      Comparator.comparingLong(LedgerEntry::time).thenComparingInt(EntryOrder::eventNumber);

  private static int eventNumber(LedgerEntry e) {
    String id = e.eventId();
    if (id == null) {
      return 0;
    }
    int colon = id.lastIndexOf(':');
    try {
      return colon < 0 ? 0 : Integer.parseInt(id.substring(colon + 1));
    } catch (NumberFormatException ex) {
      return 0;
    }
  }
}
