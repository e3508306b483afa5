package dev.otpgateway.ledger;

import static dev.otpgateway.ledger.LedgerEntries.T0;
import static dev.otpgateway.ledger.LedgerEntries.chained;
import static dev.otpgateway.ledger.LedgerEntries.sent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.routing.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLedgerStoreTest extends LedgerStoreContract {
  @TempDir Path dir;

  @Override
  LedgerStore store() {
    return new FileLedgerStore(dir);
  }

  @Override
  LedgerStore reopen() {
    return new FileLedgerStore(dir);
  }

  @Test
  void a_write_torn_by_a_crash_is_cut_off_when_the_chain_is_opened_again() throws IOException {
    String writer = writer();
    List<LedgerEntry> entries =
        chained(
            writer,
            List.of(
                sent(
                    "ver_t",
                    1,
                    T0,
                    "t",
                    "twilio",
                    "us",
                    "US",
                    Channel.SMS,
                    "0.0075",
                    "0.0075",
                    1)));
    try (LedgerStore store = store()) {
      store.open(writer);
      store.append(entries);
    }
    Path segment = dir.resolve(writer).resolve("segment-000001.jsonl");
    Files.writeString(segment, "{\"hash\":\"12", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (LedgerStore store = reopen()) {
      assertThat(store.open(writer)).isEqualTo(new LedgerStore.ChainHead(1, entries.get(0).hash()));
    }
    assertThat(Files.readString(segment)).isEqualTo(entries.get(0).text() + "\n");
  }
}
