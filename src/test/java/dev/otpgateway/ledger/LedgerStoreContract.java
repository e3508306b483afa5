package dev.otpgateway.ledger;

import static dev.otpgateway.ledger.LedgerEntries.DAY;
import static dev.otpgateway.ledger.LedgerEntries.T0;
import static dev.otpgateway.ledger.LedgerEntries.approved;
import static dev.otpgateway.ledger.LedgerEntries.chained;
import static dev.otpgateway.ledger.LedgerEntries.lookup;
import static dev.otpgateway.ledger.LedgerEntries.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.events.Event;
import dev.otpgateway.routing.Channel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every ledger store must do, checked the same way against each: the file store and
 * PostgreSQL. Each test writes under writers and tenants of its own.
 */
abstract class LedgerStoreContract {

  /** A store over fresh storage; the same storage every time within one test. */
  abstract LedgerStore store();

  /** Another handle on the same storage, as a second process would open it. */
  abstract LedgerStore reopen();

  static String writer() {
    return "w-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void a_chain_starts_at_the_genesis_and_goes_on_after_a_reopen() {
    String writer = writer();
    List<LedgerEntry> entries =
        chained(
            writer,
            List.of(
                sent(
                    "ver_a",
                    1,
                    T0,
                    "t1",
                    "twilio",
                    "us",
                    "US",
                    Channel.SMS,
                    "0.0075",
                    "0.0075",
                    1)));
    try (LedgerStore store = store()) {
      assertThat(store.open(writer)).isEqualTo(new LedgerStore.ChainHead(0, LedgerEntry.GENESIS));
      store.append(entries);
      store.sync();
    }
    try (LedgerStore again = reopen()) {
      assertThat(again.open(writer)).isEqualTo(new LedgerStore.ChainHead(1, entries.get(0).hash()));
    }
  }

  @Test
  void entries_read_back_exactly_as_written_in_order() {
    String writer = writer();
    List<Event> events = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      events.add(
          sent(
              "ver_r" + i,
              1,
              T0 + i,
              "t2",
              "sinch",
              "eu",
              "DE",
              Channel.SMS,
              "0.0080",
              "0.0090",
              2));
    }
    List<LedgerEntry> entries = chained(writer, events);
    try (LedgerStore store = store()) {
      store.open(writer);
      store.append(entries.subList(0, 2));
      store.append(entries.subList(2, 5));
      List<String> read = new ArrayList<>();
      store.scan(
          writer,
          s -> {
            assertThat(s.torn()).isFalse();
            read.add(s.text());
            return true;
          });
      assertThat(read).containsExactlyElementsOf(entries.stream().map(LedgerEntry::text).toList());
      assertThat(store.writers()).contains(writer);
    }
  }

  @Test
  void the_head_checkpoint_is_kept_apart_from_the_chain() {
    String writer = writer();
    List<LedgerEntry> entries =
        chained(
            writer,
            List.of(
                sent(
                    "ver_h",
                    1,
                    T0,
                    "t3",
                    "twilio",
                    "us",
                    "US",
                    Channel.SMS,
                    "0.0075",
                    "0.0075",
                    1)));
    try (LedgerStore store = store()) {
      store.open(writer);
      assertThat(store.headText(writer)).isNull();
      store.append(entries);
      store.head(entries.get(0));
      assertThat(store.headText(writer)).isEqualTo(entries.get(0).text());
    }
  }

  @Test
  void a_second_process_cannot_write_the_same_chain() {
    String writer = writer();
    try (LedgerStore store = store();
        LedgerStore other = reopen()) {
      store.open(writer);
      assertThatThrownBy(() -> other.open(writer))
          .hasMessageContaining("is being written by another process");
    }
  }

  @Test
  void a_verifications_entries_come_back_in_the_order_they_happened() {
    String writer = writer();
    List<LedgerEntry> entries =
        chained(
            writer,
            List.of(
                sent(
                    "ver_o",
                    2,
                    T0 + 10,
                    "t4",
                    "twilio",
                    "us",
                    "US",
                    Channel.SMS,
                    "0.0075",
                    "0.0075",
                    1),
                sent(
                    "ver_x",
                    1,
                    T0 + 11,
                    "t4",
                    "twilio",
                    "us",
                    "US",
                    Channel.SMS,
                    "0.0075",
                    "0.0075",
                    1),
                approved("ver_o", 3, T0 + 20, "t4", "twilio", "us", "US", Channel.SMS)));
    try (LedgerStore store = store()) {
      store.open(writer);
      store.append(entries);
      assertThat(store.entriesOf("ver_o"))
          .extracting(LedgerEntry::eventId)
          .containsExactly("ver_o:2", "ver_o:3");
      assertThat(store.entriesOf("ver_none")).isEmpty();
    }
  }

  @Test
  void a_rules_entry_is_found_by_its_version() {
    String writer = writer();
    String version = "sha256:" + UUID.randomUUID().toString().replace("-", "").repeat(2);
    LedgerEntry rules =
        EntryFormat.chain(
            EntryFormat.rulesFields(version, "{}", Map.of("a.yaml", "x: 1"), T0),
            writer,
            1,
            LedgerEntry.GENESIS,
            T0);
    try (LedgerStore store = store()) {
      store.open(writer);
      store.append(List.of(rules));
      assertThat(store.rules(version).text()).isEqualTo(rules.text());
      assertThat(store.rules("sha256:" + "0".repeat(64))).isNull();
    }
  }

  /**
   * Sent and approved entries over three days, two tenants, three providers, two regions, and the
   * SIM-swap lookups before some of them.
   */
  private static List<Event> traffic(String tag) {
    List<Event> events = new ArrayList<>();
    String[] providers = {"twilio", "sinch", "messagebird"};
    String[] prices = {"0.0075", "0.00375", "0.0070"};
    for (int i = 0; i < 30; i++) {
      String tenant = tag + (i % 2 == 0 ? "-a" : "-b");
      String provider = providers[i % 3];
      boolean eu = i % 5 == 0;
      String verification = "ver_" + tag + i;
      long at = T0 + (i % 3) * DAY + i;
      events.add(
          sent(
              verification,
              2,
              at,
              tenant,
              provider,
              eu ? "eu" : "us",
              eu ? "DE" : "US",
              i % 7 == 0 ? Channel.RCS : Channel.SMS,
              prices[i % 3],
              "0.0075",
              1 + i % 2));
      if (i % 4 == 0) {
        // A failover: the same verification's second message, through another provider.
        events.add(
            sent(
                verification,
                4,
                at + 1,
                tenant,
                providers[(i + 1) % 3],
                eu ? "eu" : "us",
                eu ? "DE" : "US",
                Channel.SMS,
                prices[(i + 1) % 3],
                "0.0075",
                1));
      }
      if (i % 6 == 1) {
        events.add(lookup("sim_" + tag + i, at - 1, tenant, eu ? "DE" : "US", "0.05"));
      }
      if (i % 3 != 0) {
        events.add(
            approved(
                verification,
                5,
                at + 2,
                tenant,
                provider,
                eu ? "eu" : "us",
                eu ? "DE" : "US",
                Channel.SMS));
      }
    }
    return events;
  }

  @Test
  void a_report_adds_up_exactly_for_every_grouping() {
    String tag = "r" + UUID.randomUUID().toString().substring(0, 6);
    List<Event> events = traffic(tag);
    String writer = writer();
    try (LedgerStore store = store()) {
      store.open(writer);
      store.append(chained(writer, events));
      LocalDate from = Instant.ofEpochMilli(T0).atZone(ZoneOffset.UTC).toLocalDate();
      List<ReportQuery.Dimension> all = List.of(ReportQuery.Dimension.values());
      for (int mask = 0; mask < 1 << all.size(); mask++) {
        List<ReportQuery.Dimension> groups = new ArrayList<>();
        for (int d = 0; d < all.size(); d++) {
          if ((mask & 1 << d) != 0) {
            groups.add(all.get(d));
          }
        }
        for (String tenant : List.of(tag + "-a", tag + "-b")) {
          ReportQuery q = new ReportQuery(from, from.plusDays(2), groups, tenant);
          assertThat(rows(store.report(q)))
              .as("group by %s for %s", groups, tenant)
              .isEqualTo(expected(events, q));
        }
      }
      // A range that covers one of the three days only.
      ReportQuery oneDay =
          new ReportQuery(
              from.plusDays(1), from.plusDays(1), List.of(ReportQuery.Dimension.DAY), tag + "-a");
      assertThat(rows(store.report(oneDay))).isEqualTo(expected(events, oneDay));
      assertThat(store.report(oneDay).rows()).hasSize(1);
      ReportQuery empty = new ReportQuery(from.plusDays(10), from.plusDays(11), all, tag + "-a");
      assertThat(store.report(empty).rows()).isEmpty();
      assertThat(store.report(empty).totals().messages()).isZero();
    }
  }

  /** Rows as comparable text: keys and every figure, money compared exactly. */
  private static List<String> rows(CostReport report) {
    List<String> out = new ArrayList<>();
    for (CostReport.Row r : report.rows()) {
      out.add(text(r));
    }
    out.add("totals " + text(report.totals()));
    return out;
  }

  private static String text(CostReport.Row r) {
    return r.keys()
        + " messages="
        + r.messages()
        + " segments="
        + r.segments()
        + " cost="
        + r.costUsd().stripTrailingZeros().toPlainString()
        + " baseline="
        + r.baselineCostUsd().stripTrailingZeros().toPlainString()
        + " carbon="
        + r.carbonGrams().stripTrailingZeros().toPlainString()
        + " verifications="
        + r.verifications()
        + " approved="
        + r.approved()
        + " conversion="
        + r.conversionRate()
        + " per_approved="
        + r.costPerApprovedUsd()
        + " lookups="
        + r.lookups()
        + " lookup_cost="
        + r.lookupCostUsd().stripTrailingZeros().toPlainString();
  }

  /** The report, computed naively from the events. */
  private static List<String> expected(List<Event> events, ReportQuery q) {
    Map<String, Map<ReportQuery.Dimension, String>> keysOf = new TreeMap<>();
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal[]> money = new TreeMap<>();
    Map<String, Set<String>> verifications = new TreeMap<>();
    long[] totalCounts = new long[4];
    BigDecimal[] totalMoney = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
    Set<String> totalVerifications = new HashSet<>();
    for (Event e : events) {
      LocalDate day = Instant.ofEpochMilli(e.at()).atZone(ZoneOffset.UTC).toLocalDate();
      if (!e.tenant().equals(q.tenant()) || day.isBefore(q.from()) || day.isAfter(q.to())) {
        continue;
      }
      Map<ReportQuery.Dimension, String> keys = new LinkedHashMap<>();
      for (ReportQuery.Dimension d : q.groupBy()) {
        keys.put(
            d,
            switch (d) {
              case TENANT -> e.tenant();
              case PROVIDER -> e.provider();
              case REGION -> e.region() == null ? "none" : e.region();
              case COUNTRY -> e.country();
              case CHANNEL -> e.channel() == null ? "none" : e.channel().id();
              case DAY -> day.toString();
              case MONTH -> day.toString().substring(0, 7);
            });
      }
      String k = keys.toString();
      keysOf.put(k, keys);
      long[] c = counts.computeIfAbsent(k, x -> new long[4]);
      BigDecimal[] m =
          money.computeIfAbsent(
              k,
              x ->
                  new BigDecimal[] {
                    BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO
                  });
      Set<String> v = verifications.computeIfAbsent(k, x -> new HashSet<>());
      if (e.type() == dev.otpgateway.events.EventType.SENT) {
        for (long[] cc : List.of(c, totalCounts)) {
          cc[0]++;
          cc[1] += e.segments();
        }
        for (BigDecimal[] mm : List.of(m, totalMoney)) {
          mm[0] = mm[0].add(e.priceUsd());
          mm[1] = mm[1].add(e.baselineUsd());
          mm[2] = mm[2].add(new BigDecimal(EntryFormat.decimal(e.carbonGrams())));
        }
        v.add(e.verification());
        totalVerifications.add(e.verification());
      } else if (e.type() == dev.otpgateway.events.EventType.SIM_SWAP_CHECKED) {
        for (long[] cc : List.of(c, totalCounts)) {
          cc[3]++;
        }
        for (BigDecimal[] mm : List.of(m, totalMoney)) {
          mm[3] = mm[3].add(e.priceUsd());
        }
      } else {
        c[2]++;
        totalCounts[2]++;
      }
    }
    List<CostReport.Row> rows = new ArrayList<>();
    for (String k : keysOf.keySet()) {
      long[] c = counts.get(k);
      BigDecimal[] m = money.get(k);
      rows.add(
          new CostReport.Row(
              keysOf.get(k),
              c[0],
              c[1],
              m[0],
              m[1],
              m[2],
              verifications.get(k).size(),
              c[2],
              c[3],
              m[3]));
    }
    rows.sort(CostReport.ROW_ORDER);
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(text(r)));
    out.add(
        "totals "
            + text(
                new CostReport.Row(
                    Map.of(),
                    totalCounts[0],
                    totalCounts[1],
                    totalMoney[0],
                    totalMoney[1],
                    totalMoney[2],
                    totalVerifications.size(),
                    totalCounts[2],
                    totalCounts[3],
                    totalMoney[3])));
    return out;
  }
}
