package dev.otpgateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.Postgres;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Every Grafana panel that reads the ledger runs its SQL against what the gateway wrote, and
   * shows the tenant's month: a misspelt column or a query that returns nothing fails here.
   */
  @Override
  void alsoCheck() throws Exception {
    List<String> queries = new ArrayList<>();
    try (var files = Files.list(Path.of("grafana/dashboards"))) {
      for (Path dashboard : files.toList()) {
        JsonObject d = new JsonObject(Files.readString(dashboard));
        for (Object p : d.getJsonArray("panels")) {
          JsonObject panel = (JsonObject) p;
          JsonObject ds = panel.getJsonObject("datasource");
          if (ds != null && "ledger".equals(ds.getString("uid"))) {
            for (Object t : panel.getJsonArray("targets")) {
              queries.add(((JsonObject) t).getString("rawSql"));
            }
          }
        }
      }
    }
    assertThat(queries).hasSize(3);
    try (Connection c = pg.connect()) {
      for (String sql : queries) {
        try (Statement s = c.createStatement();
            ResultSet r = s.executeQuery(sql)) {
          assertThat(r.next()).as("rows from %s", sql).isTrue();
          assertThat(r.getString(1)).as(sql).isIn("fin", "messagebird", "twilio", "sinch");
          assertThat(r.getBigDecimal(r.getMetaData().getColumnCount())).as(sql).isNotNull();
        }
      }
    }
  }
}
