package dev.otpgateway.ledger;

import static dev.otpgateway.ledger.LedgerEntries.T0;
import static dev.otpgateway.ledger.LedgerEntries.chained;
import static dev.otpgateway.ledger.LedgerEntries.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.routing.Channel;
import dev.otpgateway.testing.Postgres;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresLedgerStoreTest extends LedgerStoreContract {
  private Postgres pg;

  @BeforeAll
  void schema() {
    pg = Postgres.schema();
  }

  @AfterAll
  void drop() {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  LedgerStore store() {
    return new PostgresLedgerStore(pg.url());
  }

  @Override
  LedgerStore reopen() {
    return new PostgresLedgerStore(pg.url());
  }

  @Test
  void an_event_another_writer_recorded_is_known_and_never_recorded_twice() {
    String first = writer();
    String second = writer();
    var event = sent("ver_d", 1, T0, "t", "twilio", "us", "US", Channel.SMS, "0.0075", "0.0075", 1);
    try (LedgerStore a = store();
        LedgerStore b = reopen()) {
      a.open(first);
      b.open(second);
      a.append(chained(first, List.of(event)));

      assertThat(b.recordedElsewhere(second, List.of("ver_d:1", "ver_d:2")))
          .isEqualTo(Set.of("ver_d:1"));
      assertThatThrownBy(() -> b.append(chained(second, List.of(event))))
          .isInstanceOf(LedgerStore.DuplicateEventException.class);
      List<String> written = new java.util.ArrayList<>();
      b.scan(
          second,
          stored -> {
            written.add(stored.text());
            return true;
          });
      assertThat(written).as("nothing of the refused batch was kept").isEmpty();
    }
  }

  @Test
  void the_migrations_run_once_however_many_stores_start() throws Exception {
    try (LedgerStore a = store();
        LedgerStore b = reopen();
        var c = pg.connect();
        var s = c.createStatement();
        var r = s.executeQuery("SELECT version FROM ledger_migrations")) {
      List<String> applied = new java.util.ArrayList<>();
      while (r.next()) {
        applied.add(r.getString(1));
      }
      assertThat(applied).containsExactly("V1__ledger.sql");
    }
  }

  @Test
  void a_postgresql_url_carries_its_credentials_apart() {
    Properties props = new Properties();
    String jdbc =
        PostgresLedgerStore.jdbcUrl(
            "postgresql://otpgw:s%40cret@db.example:5433/ledger?ssl=true", props);
    assertThat(jdbc).isEqualTo("jdbc:postgresql://db.example:5433/ledger?ssl=true");
    assertThat(props).containsEntry("user", "otpgw").containsEntry("password", "s@cret");
    assertThat(PostgresLedgerStore.redacted("postgresql://otpgw:s3cret@db/ledger"))
        .isEqualTo("postgresql://otpgw:***@db/ledger");
  }
}
