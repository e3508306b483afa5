package dev.otpgateway.ledger;

import dev.otpgateway.testing.Postgres;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The walk-through with the cluster's store: PostgreSQL. */
class LedgerPostgresIT extends LedgerWalkthrough {
  private Postgres pg;

  @BeforeEach
  void schema() {
    pg = Postgres.schema();
  }

  @AfterEach
  void drop() {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  Map<String, String> ledgerEnv() {
    return Map.of("OTPGW_LEDGER_POSTGRES_URL", pg.url());
  }

  @Override
  LedgerStore written() {
    return new PostgresLedgerStore(pg.url());
  }
}
