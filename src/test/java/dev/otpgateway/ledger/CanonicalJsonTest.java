package dev.otpgateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otpgateway.routing.Channel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The ledger's canonical JSON is the text Jackson wrote before it (sorted keys, Jackson's default
 * escapes), so entries written by either hash alike; and it holds no floating-point numbers.
 */
class CanonicalJsonTest {
  /** How the ledger wrote entries until CanonicalJson: the oracle. */
  private static final ObjectMapper JACKSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final Random random = new Random(20261204);

  @Test
  void writes_what_jackson_wrote_for_random_entries() throws Exception {
    for (int i = 0; i < 2_000; i++) {
      Object value = map(3);
      assertThat(CanonicalJson.write(value)).isEqualTo(JACKSON.writeValueAsString(value));
    }
  }

  @Test
  void escapes_every_control_character_quote_and_backslash_as_jackson_does() throws Exception {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 256; c++) {
      all.append(c);
    }
    all.append("\u2028\u2029\uD83D\uDE00 end");
    String s = all.toString();
    assertThat(CanonicalJson.write(s)).isEqualTo(JACKSON.writeValueAsString(s));
    assertThat(CanonicalJson.write("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
  }

  @Test
  void sorts_the_keys_of_any_map() {
    Map<String, Object> unsorted = new LinkedHashMap<>();
    unsorted.put("b", 1);
    unsorted.put("a", List.of(true, false));
    unsorted.put("B", Map.of("y", 2L, "x", "z"));
    assertThat(CanonicalJson.write(unsorted))
        .isEqualTo("{\"B\":{\"x\":\"z\",\"y\":2},\"a\":[true,false],\"b\":1}");
  }

  @Test
  void an_entry_written_by_the_ledger_hashes_as_before() throws Exception {
    Map<String, Object> fields =
        EntryFormat.eventFields(
            LedgerEntries.routed("ver_c", LedgerEntries.T0, "acme"), LedgerEntries.NUMBERS);
    fields.put("node", "member-1");
    fields.put("seq", 7L);
    fields.put("prev_hash", LedgerEntry.GENESIS);
    assertThat(CanonicalJson.write(fields)).isEqualTo(JACKSON.writeValueAsString(fields));
    LedgerEntry entry = EntryFormat.chain(fields, "member-1", 7, LedgerEntry.GENESIS, 0);
    assertThat(entry.text())
        .isEqualTo(
            "{\"hash\":\""
                + EntryFormat.sha256Hex(JACKSON.writeValueAsString(fields))
                + "\","
                + JACKSON.writeValueAsString(fields).substring(1));
    assertThat(EntryFormat.malformation(entry.text())).isNull();
    assertThat(EntryFormat.actualHash(entry.text())).isEqualTo(entry.hash());
  }

  @Test
  void refuses_what_would_not_read_back_exactly() {
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("rate", 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Double");
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("price", new BigDecimal("0.01"))))
        .hasMessageContaining("not a BigDecimal");
    assertThatThrownBy(() -> CanonicalJson.write(Map.of(Channel.SMS, "x")))
        .hasMessageContaining("keys are strings");
    assertThatThrownBy(() -> CanonicalJson.write(new HashMap<>(Map.of(1, "x"))))
        .hasMessageContaining("keys are strings");
  }

  /** A random object of the kinds an entry holds. */
  private Map<String, Object> map(int depth) {
    Map<String, Object> m = random.nextBoolean() ? new TreeMap<>() : new HashMap<>();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      m.put(string(), value(depth - 1));
    }
    return m;
  }

  private Object value(int depth) {
    int kind = random.nextInt(depth > 0 ? 9 : 7);
    return switch (kind) {
      case 0, 1 -> string();
      case 2 -> random.nextInt();
      case 3 -> random.nextLong();
      case 4 -> random.nextBoolean();
      case 5 -> random.nextInt(4) == 0 ? null : (short) random.nextInt(Short.MAX_VALUE);
      case 6 -> BigInteger.valueOf(random.nextLong()).shiftLeft(random.nextInt(80));
      case 7 -> map(depth);
      default -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(value(depth - 1));
        }
        yield list;
      }
    };
  }

  /** Mostly plain words, sometimes anything from control characters to emoji halves. */
  private String string() {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      s.append(
          switch (random.nextInt(6)) {
            case 0 -> (char) random.nextInt(32);
            case 1 -> "\"\\/".charAt(random.nextInt(3));
            case 2 -> (char) random.nextInt(0x10000);
            default -> (char) ('a' + random.nextInt(26));
          });
    }
    return s.toString();
  }
}
