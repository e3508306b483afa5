package dev.otpgateway.ledger;

import java.nio.file.Path;
import java.util.Map;

/** The walk-through with the default store: ledger files in the data directory. */
class LedgerFilesIT extends LedgerWalkthrough {
  @Override
  Map<String, String> ledgerEnv() {
    return Map.of();
  }

  @Override
  LedgerStore written() {
    return new FileLedgerStore(Path.of(gw.env.get("OTPGW_DATA_DIR")).resolve("ledger"));
  }
}
