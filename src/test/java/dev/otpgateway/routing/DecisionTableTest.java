package dev.otpgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** The routing decision as a table: one row of {@code routing/decisions.csv} per case. */
class DecisionTableTest {
  private static final RuleSet RULES = TableRules.RULES;
  private static final RouteDecider DECIDER = new RouteDecider(RULES);

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "/routing/decisions.csv", numLinesToSkip = 1)
  void decides_as_the_table_says(
      String name,
      String number,
      String country,
      Risk risk,
      ChannelPreference channel,
      boolean consent,
      boolean rcsCapable,
      int segments,
      String tenant,
      String allowedCountries,
      String breakers,
      String observed,
      String volumes,
      String expectedOrder,
      String expectedExclusions,
      String expectedRefusal,
      String expectedFirstCost,
      String expectedBaselineCost) {
    RouteRequest request =
        new RouteRequest(
            number,
            country,
            risk,
            channel,
            consent,
            rcsCapable,
            segments,
            tenant,
            allowedCountries == null ? Set.of() : Set.of(allowedCountries.split(";")));

    RouteDecision d =
        DECIDER.decide(request, health(breakers, observed), volumes(volumes, country));

    assertThat(d.candidates())
        .map(RouteCandidate::provider)
        .containsExactlyElementsOf(list(expectedOrder, ">"));
    assertThat(d.exclusions())
        .map(e -> e.provider() + ":" + e.reason().code())
        .containsExactlyElementsOf(list(expectedExclusions, " "));
    assertThat(d.refused() ? d.refusal().code().code() : null).isEqualTo(expectedRefusal);
    if (expectedFirstCost != null) {
      assertThat(d.candidates().get(0).estimatedCostUsd()).isEqualByComparingTo(expectedFirstCost);
    }
    assertThat(d.baseline().estimatedCostUsd()).isEqualByComparingTo(expectedBaselineCost);
    assertThat(d.rulesVersion()).isEqualTo(RULES.version());
    assertThat(d.reason()).isNotBlank();
  }

  private static List<String> list(String cell, String separator) {
    return cell == null ? List.of() : Arrays.asList(cell.split(separator));
  }

  static ProviderHealth health(String breakers, String observed) {
    Map<String, BreakerState> states = new HashMap<>();
    for (String pair : list(breakers, ";")) {
      String[] kv = pair.split("=");
      states.put(kv[0], BreakerState.valueOf(kv[1]));
    }
    Map<String, ProviderStatus> statuses = new HashMap<>();
    for (String pair : list(observed, ";")) {
      String[] kv = pair.split("=");
      String[] obs = kv[1].split("/");
      statuses.put(
          kv[0],
          new ProviderStatus(
              states.getOrDefault(kv[0], BreakerState.CLOSED),
              Double.parseDouble(obs[0]),
              Long.parseLong(obs[1]),
              Double.parseDouble(obs[2])));
    }
    states.forEach((p, s) -> statuses.putIfAbsent(p, ProviderStatus.of(s)));
    return ProviderHealth.of(statuses);
  }

  private static Volumes volumes(String cell, String country) {
    String region = RULES.regionFor(country).id();
    Volumes.Builder b = Volumes.builder();
    for (String pair : list(cell, ";")) {
      String[] kv = pair.split("=");
      b.put(kv[0], region, Long.parseLong(kv[1]));
    }
    return b.build();
  }
}
