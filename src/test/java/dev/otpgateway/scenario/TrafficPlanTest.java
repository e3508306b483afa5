package dev.otpgateway.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The traffic a scenario plays: who people are and how bots pick their numbers. */
class TrafficPlanTest {
  @TempDir Path dir;

  private Scenario load(String attacks) throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        name: plan
        seed: 7
        duration: 200s
        traffic:
          rate: 10/s
          countries: {BR: 50, US: 50}
        people:
          enter_code: 0.85
          read_delay: {median: 8s, p99: 40s}
        """
            + attacks);
    return ScenarioLoader.load(file, (provider, settings) -> Map.of());
  }

  private static List<String> numbers(TrafficPlan plan, String attack) {
    return plan.arrivals().stream()
        .filter(a -> attack.equals(a.attack()))
        .map(TrafficPlan.Arrival::number)
        .toList();
  }

  @Test
  void people_are_spread_over_their_countrys_numbering_and_never_share_a_number()
      throws IOException {
    TrafficPlan plan = TrafficPlan.of(load(""));
    List<String> brazil =
        plan.arrivals().stream()
            .filter(a -> a.attack() == null && a.country().equals("BR"))
            .map(TrafficPlan.Arrival::number)
            .toList();

    assertThat(brazil).hasSizeGreaterThan(800).doesNotHaveDuplicates();
    Set<String> prefixes = brazil.stream().map(n -> n.substring(0, 7)).collect(Collectors.toSet());
    assertThat(prefixes).as("6-digit prefixes of %d people", brazil.size()).hasSizeGreaterThan(40);
    assertThat(TrafficPlan.of(load("")).arrivals()).isEqualTo(plan.arrivals());
  }

  @Test
  void bots_walk_a_range_in_sequence_or_scatter_over_it() throws IOException {
    TrafficPlan plan =
        TrafficPlan.of(
            load(
                """
                attacks:
                  - {name: walk, from: 0s, rate: 2/s, numbers: {prefix: "+4474005", count: 1000}}
                  - {name: scatter, from: 0s, rate: 2/s, numbers: {prefix: "+447400", count: 1000, order: scattered}}
                """));

    List<String> walked = numbers(plan, "walk");
    assertThat(walked).hasSizeGreaterThan(300).allMatch(n -> n.startsWith("+4474005"));
    assertThat(walked.subList(0, 3))
        .containsExactly("+447400500000", "+447400500001", "+447400500002");

    List<String> scattered = numbers(plan, "scatter");
    assertThat(scattered).hasSizeGreaterThan(300).allMatch(n -> n.startsWith("+447400"));
    Set<String> ranges = scattered.stream().map(n -> n.substring(0, 9)).collect(Collectors.toSet());
    assertThat(ranges).as("8-digit ranges the scattered bots use").hasSizeGreaterThan(50);
  }

  @Test
  void an_unknown_order_is_refused_with_its_line() throws IOException {
    assertThatThrownBy(
            () ->
                load(
                    """
                    attacks:
                      - {name: a, from: 0s, rate: 1/s, numbers: {prefix: "+4474005", count: 9, order: random}}
                    """))
        .isInstanceOf(ScenarioException.class)
        .satisfies(
            e ->
                assertThat(((ScenarioException) e).problems())
                    .extracting(Object::toString)
                    .anyMatch(p -> p.contains(":11: ") && p.contains("must be walk or scattered")));
  }
}
