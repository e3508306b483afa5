package dev.otpgateway.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenario validator: each mistake is reported at its file and line, with what was expected,
 * and nothing is played. The base below is a valid scenario; each case replaces or adds lines.
 */
class ScenarioLoaderTest {
  private static final String BASE =
      """
      name: test
      seed: 7
      duration: 60s
      traffic:
        rate: 10/s
        countries: {US: 60, IN: 40}
      people:
        enter_code: 0.9
        read_delay: {median: 8s, p99: 40s}
      """;

  /** The simulator's own check, as the control API would answer: it refuses a negative latency. */
  private static final ScenarioLoader.SettingsCheck SIMULATOR =
      (provider, settings) ->
          settings.getValue("latency_ms") instanceof Number n && n.intValue() < 0
              ? Map.of("latency_ms", "must be from 0 to 60000, but was " + n)
              : Map.of();

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(BASE + "colour: blue\n", 10, "colour"),
        Arguments.of(BASE.replace("duration: 60s", "duration: 60"), 3, "a duration such as"),
        Arguments.of(BASE.replace("duration: 60s", "duration: 11m"), 3, "at most 10m"),
        Arguments.of(BASE.replace("duration: 60s", "duration: 0s"), 3, "longer than 0"),
        Arguments.of(BASE.replace("rate: 10/s", "rate: 10"), 5, "a rate such as"),
        Arguments.of(BASE.replace("rate: 10/s", "rate: 500/s"), 5, "at most"),
        Arguments.of(BASE.replace("{US: 60, IN: 40}", "{US: 60, XX: 40}"), 6, "XX"),
        Arguments.of(BASE.replace("enter_code: 0.9", "enter_code: 1.5"), 8, "share from 0 to 1"),
        Arguments.of(
            BASE.replace("{median: 8s, p99: 40s}", "{median: 40s, p99: 8s}"),
            9,
            "at least the median"),
        Arguments.of(BASE + "providers:\n  plivo: {latency_ms: 100}\n", 11, "plivo"),
        Arguments.of(
            BASE + "providers:\n  twilio: {latency_ms: -5}\n", 11, "must be from 0 to 60000"),
        Arguments.of(
            BASE
                + "timeline:\n"
                + "  - {name: down, at: 70s, provider: twilio, set: {down: true}}\n",
            11,
            "at"),
        Arguments.of(
            BASE
                + "timeline:\n"
                + "  - {name: down, at: 20s, until: 10s, provider: twilio, set: {down: true}}\n",
            11,
            "until must be after at"),
        Arguments.of(BASE + "variants:\n  - {label: Other Label}\n", 11, "lower-case letters"),
        Arguments.of(
            BASE
                + "attacks:\n  - {name: a, from: 0s, rate: 1/s, numbers: {prefix: \"44\", count: 9}}\n",
            11,
            "must be + and 4 to 12 digits"),
        Arguments.of(
            BASE + "report:\n  watch:\n    - {provider: sinch, country: IN, block: 5}\n",
            12,
            "block must be from 10 to 1000"));
  }

  @ParameterizedTest
  @MethodSource("mistakes")
  void each_mistake_is_reported_at_its_line_with_what_was_expected(
      String text, int line, String says) {
    assertThatThrownBy(() -> ScenarioLoader.parse("s.yaml", text, SIMULATOR))
        .isInstanceOf(ScenarioException.class)
        .satisfies(
            e ->
                assertThat(((ScenarioException) e).problems())
                    .extracting(Object::toString)
                    .as("problems of:%n%s", text)
                    .anyMatch(p -> p.startsWith("s.yaml:" + line + ": ") && p.contains(says)));
  }

  @Test
  void the_base_itself_loads() {
    Scenario scenario = ScenarioLoader.parse("s.yaml", BASE, SIMULATOR);
    assertThat(scenario.traffic().countries()).containsOnlyKeys("US", "IN");
    assertThat(scenario.runs()).hasSize(1);
  }
}
