package dev.otpgateway.ledger;

import static dev.otpgateway.ledger.LedgerEntries.T0;
import static dev.otpgateway.ledger.LedgerEntries.lookup;
import static dev.otpgateway.ledger.LedgerEntries.sent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.events.Event;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.testing.Await;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger hands on only what it records for the first time: an event handed over again (by a
 * member unsure whether its change went through) is written once, and the metrics, callbacks and
 * counts behind the ledger hear of it once.
 */
class LedgerFirstTimeTest {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private static Event message(String verification, int n) {
    return sent(
        verification, n, T0 + n, "acme", "twilio", "us", "US", Channel.SMS, "0.0075", "0.0075", 1);
  }

  private static List<String> ids(List<Event> events) {
    return events.stream().map(Event::id).toList();
  }

  @Test
  void an_event_handed_over_again_is_written_and_handed_on_once() throws Exception {
    List<String> handedOn = new ArrayList<>();
    try (Ledger ledger = LedgerEntries.ledger(vertx, new FileLedgerStore(dir))) {
      Event a = message("ver_a", 1);
      Event b = message("ver_a", 2);
      Event c = message("ver_c", 1);

      Await.result(ledger.append(List.of(a, b), e -> handedOn.addAll(ids(e))));
      Await.result(ledger.append(List.of(b, c), e -> handedOn.addAll(ids(e))));
      Await.result(ledger.append(List.of(c, c), e -> handedOn.addAll(ids(e))));

      assertThat(handedOn).containsExactly(a.id(), b.id(), c.id());
    }
    try (LedgerStore store = new FileLedgerStore(dir)) {
      List<String> written = new ArrayList<>();
      store.scan(
          "member-a",
          s -> {
            LedgerEntry e = EntryFormat.read("member-a", s.text());
            if (e.eventId() != null) {
              written.add(e.eventId());
            }
            return true;
          });
      assertThat(written)
          .containsExactly(Event.idOf("ver_a", 1), Event.idOf("ver_a", 2), Event.idOf("ver_c", 1));
    }
  }

  @Test
  void a_start_note_is_written_without_being_remembered_a_verification_event_is_remembered()
      throws Exception {
    try (Ledger ledger = LedgerEntries.ledger(vertx, new FileLedgerStore(dir))) {
      List<Event> notes = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        notes.add(lookup("sim_" + i, T0 + i, "acme", "US", "0.005"));
      }
      List<String> handedOn = new ArrayList<>();
      Await.result(ledger.append(notes, e -> handedOn.addAll(ids(e))));

      // A note is published once by the member that made it, so its id is not kept for minutes.
      assertThat(handedOn).hasSize(50);
      assertThat(ledger.idsRemembered()).isZero();

      Await.result(ledger.append(List.of(message("ver_a", 1)), e -> {}));
      Await.result(ledger.append(List.of(message("ver_a", 1)), e -> handedOn.addAll(ids(e))));

      assertThat(ledger.idsRemembered()).isEqualTo(1);
      assertThat(handedOn).as("the verification's event handed over again").hasSize(50);
    }
  }
}
