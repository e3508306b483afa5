package dev.otpgateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each signal at its thresholds ({@link FraudSignals.Thresholds#DEFAULT}), one row per case: the
 * counts of one tenant's destination, and the signals they fire ("name window scope").
 */
class FraudSignalsTest {
  private static final long NOW = Instant.parse("2026-12-02T12:30:30Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  private final FraudSignals signals = new FraudSignals(FraudSignals.Thresholds.DEFAULT);

  /** The counts of one start's destination, as the guard reads them; empty unless set. */
  static final class Case {
    final WindowCounts country = new WindowCounts();
    final WindowCounts prefix6 = new WindowCounts();
    final WindowCounts prefix8 = new WindowCounts();
    final WindowCounts everyonePrefix6 = new WindowCounts();
    final WindowCounts tenantAll = new WindowCounts();
    int sequential = 1;

    /**
     * {@code n} starts to the 6-digit prefix, {@code ago} ms ago. The country's counts are left
     * out, so that only prefix signals can fire.
     */
    Case prefixStarts(int n, long ago) {
      prefix6.add(false, NOW - ago, n);
      tenantAll.add(false, NOW - ago, n);
      return this;
    }

    Case prefixApprovals(int n, long ago) {
      prefix6.add(true, NOW - ago, n);
      tenantAll.add(true, NOW - ago, n);
      return this;
    }

    Case prefix8Starts(int n, long ago) {
      prefix8.add(false, NOW - ago, n);
      return this;
    }

    /** Starts to the country spread over other prefixes. */
    Case countryStarts(int n, int approved, long ago) {
      country.add(false, NOW - ago, n);
      country.add(true, NOW - ago, approved);
      tenantAll.add(false, NOW - ago, n);
      tenantAll.add(true, NOW - ago, approved);
      return this;
    }

    /** The tenant's starts elsewhere (other countries). */
    Case elsewhere(int n, long ago) {
      tenantAll.add(false, NOW - ago, n);
      tenantAll.add(true, NOW - ago, n);
      return this;
    }

    Case everyone(int starts, long ago) {
      everyonePrefix6.add(false, NOW - ago, starts);
      return this;
    }

    Case sequential(int run) {
      sequential = run;
      return this;
    }
  }

  static Stream<Arguments> cases() {
    long settled = 5 * MINUTE;
    long history = 3 * DAY;
    return Stream.of(
        row("nothing sent: nothing fires", new Case(), List.of()),
        row(
            "a burst of 60 in an hour, under 30% approved",
            new Case().prefixStarts(60, settled).prefixApprovals(17, settled),
            List.of("prefix_burst 1h tenant")),
        row(
            "the same burst with 30% approved is people",
            new Case().prefixStarts(60, settled).prefixApprovals(18, settled), List.of()),
        row(
            "59 is under the burst floor",
            new Case().prefixStarts(59, settled).prefixApprovals(1, settled),
            List.of()),
        row(
            "a prefix that usually sees 20 an hour bursts at 4 times that, not at 60",
            new Case()
                .prefixStarts(20 * 24 * 14, history)
                .prefixApprovals(20 * 24 * 14, history)
                .prefixStarts(79, settled)
                .prefixApprovals(10, settled),
            List.of()),
        row(
            "... and at 80 it does",
            new Case()
                .prefixStarts(20 * 24 * 14, history)
                .prefixApprovals(20 * 24 * 14, history)
                .prefixStarts(80, settled)
                .prefixApprovals(10, settled),
            List.of("prefix_burst 1h tenant")),
        row(
            "12 settled starts to a prefix within the hour, none approved",
            new Case().prefixStarts(12, settled),
            List.of("prefix_unconverted 1h tenant")),
        row(
            "11 settled and 5 too recent to have been approved",
            new Case().prefixStarts(11, settled).prefixStarts(5, MINUTE),
            List.of()),
        row(
            "24 settled in the day, none approved",
            new Case().prefixStarts(11, 2 * HOUR).prefixStarts(13, 20 * HOUR),
            List.of("prefix_unconverted 24h tenant")),
        row(
            "23 in the day is under the floor",
            new Case().prefixStarts(11, 2 * HOUR).prefixStarts(12, 20 * HOUR),
            List.of()),
        row(
            "one approval in the day: the prefix converts",
            new Case()
                .prefixStarts(11, 2 * HOUR)
                .prefixStarts(13, 20 * HOUR)
                .prefixApprovals(1, 20 * HOUR),
            List.of()),
        row(
            "the 8-digit prefix has its own, lower floor",
            new Case().prefix8Starts(6, settled),
            List.of("prefix_unconverted 1h tenant")),
        row(
            "everyone's counts fire in the all scope",
            new Case().everyone(12, settled),
            List.of("prefix_unconverted 1h all")),
        row(
            "a country with no history converting under 40% of 30 in the hour",
            new Case().countryStarts(30, 11, settled), List.of("country_unconverted 1h tenant")),
        row("... at 40% it is not", new Case().countryStarts(30, 12, settled), List.of()),
        row(
            "a country that usually converts 30% is judged against that",
            new Case().countryStarts(1000, 300, history).countryStarts(30, 6, settled), List.of()),
        row(
            "... and fires under half of it",
            new Case().countryStarts(1000, 300, history).countryStarts(30, 4, settled),
            List.of("country_unconverted 1h tenant")),
        row(
            "80 in the day converting under 40%",
            new Case().countryStarts(40, 15, 3 * HOUR).countryStarts(40, 16, 10 * HOUR),
            List.of("country_unconverted 24h tenant")),
        row(
            "5 unapproved to a country new to a tenant with history",
            new Case().elsewhere(50, history).countryStarts(5, 0, 3 * HOUR),
            List.of("new_country 24h tenant")),
        row(
            "a tenant with too little history has no new country",
            new Case().elsewhere(49, history).countryStarts(5, 0, 3 * HOUR),
            List.of()),
        row(
            "a country sent to before is not new",
            new Case()
                .elsewhere(50, history)
                .countryStarts(1, 1, history)
                .countryStarts(5, 0, 3 * HOUR),
            List.of()),
        row(
            "a run of 5 near-consecutive numbers",
            new Case().sequential(5),
            List.of("sequential_numbers 10m tenant")),
        row("4 is not a run", new Case().sequential(4), List.of()));
  }

  private static Arguments row(String name, Case c, List<String> fired) {
    return Arguments.of(name, c, fired);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fires_exactly_these(String name, Case c, List<String> expected) {
    List<FraudSignals.View> views =
        List.of(
            new FraudSignals.View(
                "tenant",
                "US",
                c.country,
                new String[] {"+120255", "+12025550"},
                new WindowCounts[] {c.prefix6, c.prefix8}),
            new FraudSignals.View(
                "all",
                "US",
                new WindowCounts(),
                new String[] {"+120255", "+12025550"},
                new WindowCounts[] {c.everyonePrefix6, new WindowCounts()}));

    List<FraudSignals.Signal> fired = signals.evaluate(NOW, views, c.tenantAll, "US", c.sequential);

    assertThat(fired)
        .extracting(s -> s.name() + " " + s.window() + " " + s.scope())
        .containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void each_signal_says_its_figures_and_the_rule_they_crossed(
      String name, Case c, List<String> expected) {
    List<FraudSignals.View> views =
        List.of(
            new FraudSignals.View(
                "tenant",
                "US",
                c.country,
                new String[] {"+120255", "+12025550"},
                new WindowCounts[] {c.prefix6, c.prefix8}));
    for (FraudSignals.Signal s : signals.evaluate(NOW, views, c.tenantAll, "US", c.sequential)) {
      assertThat(s.describe())
          .startsWith(s.name() + " tenant " + s.subject() + " over " + s.window() + ": ")
          .contains(s.started() + " started", s.approved() + " approved", s.rule());
      assertThat(s.rule()).containsPattern("[0-9]");
    }
  }
}
