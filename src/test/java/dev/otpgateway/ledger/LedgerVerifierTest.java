package dev.otpgateway.ledger;

import static dev.otpgateway.ledger.LedgerEntries.NUMBERS;
import static dev.otpgateway.ledger.LedgerEntries.T0;
import static dev.otpgateway.ledger.LedgerEntries.sent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.events.Event;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.testing.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledger verify} against a ledger an attacker changed after the fact, each way the issue
 * names: every tampering is caught, and named with where it is and what it is.
 */
class LedgerVerifierTest {
  static final String WRITER = "member-a";
  static final LedgerSigner SIGNER = LedgerSigner.fromSeed(LedgerSigner.newSeed());
  static final String OTHER_KEY = LedgerSigner.fromSeed(LedgerSigner.newSeed()).publicKey();

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private Path segment;
  private List<String> lines;

  @BeforeEach
  void writeALedger() throws IOException {
    Ledger ledger =
        new Ledger(
            vertx,
            new FileLedgerStore(dir),
            WRITER,
            SIGNER,
            NUMBERS,
            new Metrics(),
            Clock.systemUTC(),
            Duration.ZERO);
    // Past two checkpoints (every 1,000 entries), and a last one when the ledger closes.
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 2_100; i++) {
      events.add(
          sent(
              "ver_v" + i,
              1,
              T0 + i,
              "acme",
              "twilio",
              "us",
              "US",
              Channel.SMS,
              "0.0075",
              "0.0075",
              1));
      if (events.size() == 300) {
        Await.result(ledger.append(events, recorded -> {}));
        events = new ArrayList<>();
      }
    }
    Await.result(ledger.append(events, recorded -> {}));
    ledger.close();
    segment = dir.resolve(WRITER).resolve("segment-000001.jsonl");
    lines = new ArrayList<>(Files.readAllLines(segment, StandardCharsets.UTF_8));
  }

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private LedgerVerifier.Result verify(String publicKey) {
    try (LedgerStore store = new FileLedgerStore(dir)) {
      return LedgerVerifier.verify(store, publicKey);
    }
  }

  private void write(List<String> changed) throws IOException {
    Files.write(segment, changed, StandardCharsets.UTF_8);
  }

  private static String at(int line) {
    return WRITER + "/segment-000001.jsonl:" + line;
  }

  @Test
  void an_intact_ledger_verifies_with_only_its_public_key() {
    LedgerVerifier.Result r = verify(SIGNER.publicKey());

    assertThat(r.intact()).as("%s", r.problem()).isTrue();
    assertThat(r.entries()).isEqualTo(lines.size());
    assertThat(r.checkpoints()).isEqualTo(3);
    assertThat(lines.get(1000)).contains("\"event\":\"checkpoint\"");
  }

  @Test
  void an_altered_entry_is_named() throws IOException {
    lines.set(4, lines.get(4).replace("\"price_usd\":\"0.0075\"", "\"price_usd\":\"0.0001\""));
    write(lines);

    assertThat(verify(SIGNER.publicKey()).problem())
        .isEqualTo(
            new LedgerVerifier.Problem(
                at(5),
                LedgerVerifier.Fault.ALTERED,
                "its content no longer matches its hash " + EntryFormat.claimedHash(lines.get(4))));
  }

  @Test
  void an_altered_entry_whose_hash_was_recomputed_is_named_by_the_entry_after_it()
      throws IOException {
    lines.set(
        4,
        rehashed(
            lines.get(4).replace("\"price_usd\":\"0.0075\"", "\"price_usd\":\"0.0001\""), null));
    write(lines);

    LedgerVerifier.Problem p = verify(SIGNER.publicKey()).problem();
    assertThat(p.location()).isEqualTo(at(5));
    assertThat(p.fault()).isEqualTo(LedgerVerifier.Fault.ALTERED);
    assertThat(p.detail()).contains("entry 5 no longer has the hash entry 6 names");
  }

  @Test
  void a_rewritten_chain_fails_at_the_first_checkpoint_it_cannot_sign() throws IOException {
    // The attacker changes entry 5 and recomputes every hash after it: the chain links up again,
    // but the checkpoint at entry 1001 still carries the signature of the original chain.
    lines.set(4, lines.get(4).replace("\"price_usd\":\"0.0075\"", "\"price_usd\":\"0.0001\""));
    String previous = EntryFormat.claimedHash(lines.get(3));
    for (int i = 4; i < lines.size(); i++) {
      lines.set(i, rehashed(lines.get(i), previous));
      previous = EntryFormat.claimedHash(lines.get(i));
    }
    write(lines);

    LedgerVerifier.Problem p = verify(SIGNER.publicKey()).problem();
    assertThat(p.location()).isEqualTo(at(1001));
    assertThat(p.fault()).isEqualTo(LedgerVerifier.Fault.BAD_SIGNATURE);
  }

  @Test
  void a_deleted_entry_is_named() throws IOException {
    lines.remove(9);
    write(lines);

    assertThat(verify(SIGNER.publicKey()).problem())
        .isEqualTo(
            new LedgerVerifier.Problem(
                at(10), LedgerVerifier.Fault.DELETED, "entry 10 is missing before entry 11"));
  }

  @Test
  void reordered_entries_are_named() throws IOException {
    String tenth = lines.get(9);
    lines.set(9, lines.get(10));
    lines.set(10, tenth);
    write(lines);

    assertThat(verify(SIGNER.publicKey()).problem())
        .isEqualTo(
            new LedgerVerifier.Problem(
                at(10), LedgerVerifier.Fault.REORDERED, "entry 11 comes before entry 10"));
  }

  @Test
  void an_inserted_entry_is_named() throws IOException {
    lines.add(10, lines.get(7));
    write(lines);

    assertThat(verify(SIGNER.publicKey()).problem())
        .isEqualTo(
            new LedgerVerifier.Problem(
                at(11),
                LedgerVerifier.Fault.INSERTED,
                "a second entry numbered 8 (the first is before it)"));
  }

  @Test
  void a_truncated_ledger_is_named_by_its_signed_head() throws IOException {
    write(lines.subList(0, lines.size() - 3));

    LedgerVerifier.Problem p = verify(SIGNER.publicKey()).problem();
    assertThat(p.fault()).isEqualTo(LedgerVerifier.Fault.TRUNCATED);
    assertThat(p.location()).isEqualTo(WRITER + " head");
    assertThat(p.detail())
        .isEqualTo(
            "the chain ends at entry "
                + (lines.size() - 3)
                + " but its signed head is entry "
                + lines.size()
                + ": entries were cut off the end");
  }

  @Test
  void an_entry_cut_off_mid_way_is_named() throws IOException {
    String last = lines.get(lines.size() - 1);
    Files.writeString(
        segment,
        String.join("\n", lines.subList(0, lines.size() - 1)) + "\n" + last.substring(0, 40),
        StandardCharsets.UTF_8);

    assertThat(verify(SIGNER.publicKey()).problem())
        .isEqualTo(
            new LedgerVerifier.Problem(
                at(lines.size()), LedgerVerifier.Fault.TRUNCATED, "the entry is cut off mid-way"));
  }

  @Test
  void checkpoints_signed_with_another_key_are_a_bad_signature() {
    LedgerVerifier.Problem p = verify(OTHER_KEY).problem();

    assertThat(p.fault()).isEqualTo(LedgerVerifier.Fault.BAD_SIGNATURE);
    assertThat(p.location()).isEqualTo(at(1001));
    assertThat(p.detail())
        .isEqualTo("checkpoint 1001's signature does not hold for the given public key");
  }

  @Test
  void a_forged_signature_is_named_even_without_a_key_given() throws IOException {
    String checkpoint = lines.get(1000);
    int at = checkpoint.indexOf("\"signature\":\"") + 13;
    String forged =
        checkpoint.substring(0, at)
            + (checkpoint.charAt(at) == 'A' ? 'B' : 'A')
            + checkpoint.substring(at + 1);
    lines.set(1000, rehashed(forged, null));
    // Relink the next entry, so only the signature is wrong.
    lines.set(1001, rehashed(lines.get(1001), EntryFormat.claimedHash(lines.get(1000))));
    String previous = EntryFormat.claimedHash(lines.get(1001));
    for (int i = 1002; i < lines.size(); i++) {
      lines.set(i, rehashed(lines.get(i), previous));
      previous = EntryFormat.claimedHash(lines.get(i));
    }
    write(lines);

    LedgerVerifier.Problem p = verify(null).problem();
    assertThat(p.fault()).isEqualTo(LedgerVerifier.Fault.BAD_SIGNATURE);
    assertThat(p.location()).isEqualTo(at(1001));
  }

  /** An entry's text with its hash recomputed, and optionally a new previous hash. */
  static String rehashed(String text, String prevHash) {
    Map<String, Object> body = new TreeMap<>(EntryFormat.parse(text));
    body.remove("hash");
    if (prevHash != null) {
      body.put("prev_hash", prevHash);
    }
    String canonical = CanonicalJson.write(body);
    return "{\"hash\":\"" + EntryFormat.sha256Hex(canonical) + "\"," + canonical.substring(1);
  }
}
