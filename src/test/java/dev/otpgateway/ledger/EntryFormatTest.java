package dev.otpgateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.events.Event;
import dev.otpgateway.routing.RcsCapability;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcuts EntryFormat takes write exactly what the general way wrote. */
class EntryFormatTest {
  private final Random random = new Random(20261204);

  @Test
  void a_decimal_is_the_shortest_text_that_reads_back_as_the_same_double() {
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                1.0,
                -1.0,
                100.0,
                0x1p53,
                -0x1p53,
                0x1p53 + 2,
                1e20,
                0.05,
                640.25,
                0.001,
                -0.001,
                0.00099999,
                9_999_999.5,
                10_000_000.5,
                1e-7,
                0.1 + 0.2));
    for (int i = 0; i < 10_000; i++) {
      values.add((double) (random.nextLong() >> random.nextInt(64)));
      values.add(random.nextInt(1_000_000) / 8.0);
      values.add(random.nextDouble() * Math.pow(10, random.nextInt(30) - 10));
    }
    for (double v : values) {
      String text = EntryFormat.decimal(v);
      assertThat(text)
          .as("%s", v)
          .isEqualTo(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
      assertThat(new BigDecimal(text).doubleValue()).isEqualTo(v == 0 ? 0.0 : v);
    }
  }

  @Test
  void a_time_is_written_as_instant_writes_it() {
    List<Long> times =
        new ArrayList<>(
            List.of(
                0L,
                1L,
                999L,
                1_000L,
                1_001L,
                -1L,
                -999L,
                -1_000L,
                1_796_400_000_000L,
                253_402_300_799_999L,
                253_402_300_800_000L,
                1_796_400_000_100L));
    for (int i = 0; i < 20_000; i++) {
      long at = 1_796_400_000_000L + random.nextInt(5_000);
      times.add(random.nextInt(4) == 0 ? at - at % 1_000 : at); // runs of one second, as events
      times.add(random.nextLong() % 300_000_000_000_000L);
    }
    for (long at : times) {
      assertThat(EntryFormat.time(at)).as("%d", at).isEqualTo(Instant.ofEpochMilli(at).toString());
    }
  }

  /**
   * A decision reads back from its entry as it was made, whatever the capability check said (or
   * that there was no RBM adapter to ask); an entry of an answered check holds no {@code
   * rcs_check}, as entries written before an unanswered check was told apart did not, so those read
   * the same.
   */
  @Test
  @SuppressWarnings("unchecked")
  void a_decision_reads_back_from_its_entry_whatever_the_capability_check_said() {
    for (RcsCapability rcs : RcsCapability.values()) {
      Event routed = LedgerEntries.routed("ver_rcs", LedgerEntries.T0, "acme", rcs);
      Map<String, Object> stored =
          EntryFormat.parse(
              CanonicalJson.write(EntryFormat.eventFields(routed, LedgerEntries.NUMBERS)));
      Map<String, Object> decision = (Map<String, Object>) stored.get("decision");

      assertThat(EntryFormat.decision(decision)).as("%s", rcs).isEqualTo(routed.decision());
      Map<String, Object> inputs = (Map<String, Object>) decision.get("inputs");
      assertThat(inputs.get("rcs_capable")).as("%s", rcs).isEqualTo(rcs == RcsCapability.CAPABLE);
      assertThat(inputs.get("rcs_check"))
          .as("%s", rcs)
          .isEqualTo(
              switch (rcs) {
                case UNANSWERED -> "unanswered";
                case NO_ADAPTER -> "no_adapter";
                default -> null;
              });
    }
  }
}
