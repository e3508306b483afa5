package dev.otpgateway.ledger;

import static dev.otpgateway.ledger.LedgerEntries.T0;
import static dev.otpgateway.ledger.LedgerEntries.sent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller on an event loop is not kept waiting on a ledger that cannot write: past the ledger's
 * patience it is told {@code ledger_unavailable}, and its events stay queued and are written once
 * the store takes them again.
 */
class LedgerPatienceTest {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void a_caller_is_told_the_ledger_is_unavailable_and_its_events_are_written_later()
      throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    List<String> handedOn = new CopyOnWriteArrayList<>();
    Event event =
        sent("ver_a", 1, T0, "acme", "twilio", "us", "US", Channel.SMS, "0.0075", "0.0075", 1);
    try (Ledger ledger =
        LedgerEntries.ledger(vertx, new FailingStore(new FileLedgerStore(dir), failing))) {
      Context context = vertx.getOrCreateContext();
      Promise<Void> answered = Promise.promise();
      long handedOver = System.nanoTime();
      context.runOnContext(
          v ->
              ledger
                  .append(List.of(event), e -> e.forEach(x -> handedOn.add(x.id())))
                  .onComplete(answered));

      Throwable told = Await.failure(answered.future());
      long waitedMillis = (System.nanoTime() - handedOver) / 1_000_000;

      assertThat(told).isInstanceOf(GatewayException.class);
      assertThat(((GatewayException) told).code()).isEqualTo("ledger_unavailable");
      assertThat(((GatewayException) told).retryAfterSeconds()).isEqualTo(5);
      assertThat(waitedMillis).isGreaterThanOrEqualTo(Ledger.CALLER_PATIENCE.toMillis());
      assertThat(handedOn).as("nothing is handed on before it is written").isEmpty();

      failing.set(false);
      Await.until(
          "the event handed on once the store takes it",
          Duration.ofSeconds(15),
          () -> handedOn.contains(event.id()) ? true : null);
    }
    try (LedgerStore store = new FileLedgerStore(dir)) {
      assertThat(store.entriesOf("ver_a")).extracting(LedgerEntry::eventId).contains(event.id());
      assertThat(LedgerVerifier.verify(store, null).problem())
          .as("the entry chained again for each try is whole once written")
          .isNull();
    }
  }

  @Test
  void events_that_cannot_be_written_fail_their_caller_and_the_ledger_goes_on() throws Exception {
    Event unreadable =
        Event.builder(Event.idOf("ver_b", 1), EventType.SENT, T0, "acme")
            .verification("ver_b", "+", "US")
            .build();
    Event event =
        sent("ver_a", 1, T0, "acme", "twilio", "us", "US", Channel.SMS, "0.0075", "0.0075", 1);
    List<String> handedOn = new CopyOnWriteArrayList<>();
    try (Ledger ledger = LedgerEntries.ledger(vertx, new FileLedgerStore(dir))) {
      Future<Void> refused = ledger.append(List.of(unreadable), e -> handedOn.add("unreadable"));
      Await.result(ledger.append(List.of(event), e -> e.forEach(x -> handedOn.add(x.id()))));

      assertThat(Await.failure(refused)).isInstanceOf(StringIndexOutOfBoundsException.class);
      assertThat(handedOn).containsExactly(event.id());
    }
    try (LedgerStore store = new FileLedgerStore(dir)) {
      assertThat(store.entriesOf("ver_b")).isEmpty();
      assertThat(store.entriesOf("ver_a")).extracting(LedgerEntry::eventId).contains(event.id());
    }
  }

  /** A file store whose appends fail while told to, as a full disk or a lost database would. */
  private record FailingStore(LedgerStore store, AtomicBoolean failing) implements LedgerStore {
    @Override
    public void append(List<LedgerEntry> entries) {
      if (failing.get()) {
        throw new IllegalStateException("the disk is full");
      }
      store.append(entries);
    }

    @Override
    public String kind() {
      return store.kind();
    }

    @Override
    public ChainHead open(String writer) {
      return store.open(writer);
    }

    @Override
    public Set<String> recordedElsewhere(String writer, Collection<String> eventIds) {
      return store.recordedElsewhere(writer, eventIds);
    }

    @Override
    public void head(LedgerEntry checkpoint) {
      store.head(checkpoint);
    }

    @Override
    public void sync() {
      store.sync();
    }

    @Override
    public List<String> writers() {
      return store.writers();
    }

    @Override
    public void scan(String writer, Visitor visitor) {
      store.scan(writer, visitor);
    }

    @Override
    public String headText(String writer) {
      return store.headText(writer);
    }

    @Override
    public CostReport report(ReportQuery query) {
      return store.report(query);
    }

    @Override
    public List<LedgerEntry> entriesOf(String verificationId) {
      return store.entriesOf(verificationId);
    }

    @Override
    public LedgerEntry rules(String version) {
      return store.rules(version);
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
