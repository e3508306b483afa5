package dev.otpgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quality scored by conversions, with the rules that ship. */
class ConversionRoutingTest {
  private static final RouteDecider DECIDER =
      new RouteDecider(RulesLoader.load(Path.of("routing-rules")));

  /** Most traffic elsewhere converts at 85%: the peers a new route is judged against. */
  private static final Map<String, ConversionEvidence> ELSEWHERE =
      Map.of(
          "messagebird|US|sms", new ConversionEvidence(850, 1000),
          "messagebird|GB|sms", new ConversionEvidence(170, 200));

  private static RouteDecision decide(String country, Conversions c, Exploration e) {
    return DECIDER.decide(
        RouteRequest.of(country.equals("IN") ? "+919876543210" : "+12025550100", country),
        ProviderHealth.UNOBSERVED,
        Volumes.NONE,
        c,
        e);
  }

  private static Conversions with(String route, double approved, double sends) {
    Map<String, ConversionEvidence> all = new HashMap<>(ELSEWHERE);
    all.put(route, new ConversionEvidence(approved, sends));
    return Conversions.of(all);
  }

  private static List<String> order(RouteDecision d) {
    return d.candidates().stream().map(RouteCandidate::provider).toList();
  }

  @Test
  void without_evidence_routes_rank_as_receipts_rank_them() {
    RouteDecision byReceipts = decide("US", Conversions.OFF, Exploration.NONE);
    RouteDecision byConversions = decide("US", Conversions.NONE_YET, Exploration.NONE);

    assertThat(order(byConversions)).isEqualTo(order(byReceipts));
    assertThat(byReceipts.candidates().get(0).conversion()).isNull();
    ConversionEstimate e = byConversions.candidates().get(0).conversion();
    assertThat(e.priorMean()).isEqualTo(ConversionModel.DEFAULT_PRIOR_MEAN);
    assertThat(e.mean()).isEqualTo(ConversionModel.DEFAULT_PRIOR_MEAN);
    assertThat(e.sends()).isZero();
  }

  @Test
  void a_cheap_route_that_converts_far_below_its_peers_loses_first_place() {
    assertThat(order(decide("IN", Conversions.of(ELSEWHERE), Exploration.NONE)).get(0))
        .as("sinch is the cheapest and fastest to India")
        .isEqualTo("sinch");

    RouteDecision d = decide("IN", with("sinch|IN|sms", 60, 100), Exploration.NONE);

    assertThat(order(d)).containsExactly("twilio", "sinch");
    RouteCandidate sinch = d.candidates().get(1);
    assertThat(sinch.conversion().mean()).isCloseTo((0.85 * 10 + 60) / 110, within(1e-9));
    assertThat(sinch.conversion().sends()).isEqualTo(100);
    assertThat(RankReasons.of(d).get(1))
        .startsWith("#2 on sms:")
        .contains("behind twilio")
        .contains("quality +")
        .contains("conversions, 62.3% approved (60 of 100 effective sends, prior 85.0%)");
  }

  @Test
  void a_few_misses_do_not_move_a_route() {
    assertThat(order(decide("IN", with("sinch|IN|sms", 8, 10), Exploration.NONE)).get(0))
        .isEqualTo("sinch");
  }

  @Test
  void the_prior_is_the_better_of_the_country_s_other_routes_and_the_channel_elsewhere() {
    RouteDecision betterInCountry = decide("IN", with("twilio|IN|sms", 45, 50), Exploration.NONE);
    assertThat(estimate(betterInCountry, "sinch").priorMean()).isCloseTo(0.9, within(1e-9));
    assertThat(estimate(betterInCountry, "twilio").priorMean())
        .as("a route's own evidence is never its prior: the channel elsewhere is")
        .isCloseTo(1020.0 / 1200, within(1e-9));

    RouteDecision worseInCountry = decide("IN", with("twilio|IN|sms", 30, 50), Exploration.NONE);
    assertThat(estimate(worseInCountry, "sinch").priorMean())
        .as("an untried route does not inherit the one tried route's failures")
        .isCloseTo(1020.0 / 1200, within(1e-9));

    RouteDecision fewPeers = decide("IN", with("twilio|IN|sms", 20, 20), Exploration.NONE);
    assertThat(estimate(fewPeers, "sinch").priorMean())
        .as("20 sends in India say too little: the channel elsewhere speaks")
        .isCloseTo(1020.0 / 1200, within(1e-9));

    assertThat(estimate(decide("IN", Conversions.NONE_YET, Exploration.NONE), "sinch").priorMean())
        .isEqualTo(ConversionModel.DEFAULT_PRIOR_MEAN);
  }

  @Test
  void evidence_beyond_the_cap_weighs_as_the_cap_so_the_estimate_can_still_move() {
    ConversionEstimate capped =
        estimate(decide("IN", with("sinch|IN|sms", 6000, 10000), Exploration.NONE), "sinch");
    ConversionEstimate atCap =
        estimate(decide("IN", with("sinch|IN|sms", 180, 300), Exploration.NONE), "sinch");
    assertThat(capped.mean()).isCloseTo(atCap.mean(), within(1e-12));
  }

  @Test
  void exploration_is_bounded_by_its_share_and_decided_by_its_seed() {
    Conversions c = with("sinch|IN|sms", 60, 100);
    int explored = 0;
    int sinchFirst = 0;
    for (long seed = 1; seed <= 4000; seed++) {
      RouteDecision d = decide("IN", c, new Exploration(0.05, seed));
      explored += d.explored() ? 1 : 0;
      sinchFirst += order(d).get(0).equals("sinch") ? 1 : 0;
      if (!d.explored()) {
        assertThat(order(d)).containsExactly("twilio", "sinch");
      }
    }
    // 4000 decisions at 5%: 200 expected; 140 to 260 is over four standard deviations wide.
    assertThat(explored).isBetween(140, 260);
    assertThat(sinchFirst)
        .as("only an exploring decision may put the grey route first")
        .isLessThanOrEqualTo(explored)
        .isPositive();

    for (long seed = 1; seed <= 200; seed++) {
      assertThat(decide("IN", c, new Exploration(0, seed)).explored()).isFalse();
      assertThat(order(decide("IN", c, new Exploration(0.5, seed))))
          .isEqualTo(order(decide("IN", c, new Exploration(0.5, seed))));
    }
  }

  @Test
  void a_recorded_decision_re_runs_exactly_also_when_it_explored() {
    Conversions c = with("sinch|IN|sms", 60, 100);
    RouteRequest request = RouteRequest.of("+919876543210", "IN");
    int exploredChecked = 0;
    for (long seed = 1; seed <= 400; seed++) {
      Exploration e = new Exploration(0.3, seed);
      RouteDecision d = DECIDER.decide(request, ProviderHealth.UNOBSERVED, Volumes.NONE, c, e);
      RecordedDecision recorded =
          RecordedDecision.of(request, ProviderHealth.UNOBSERVED, Volumes.NONE, c, e, d, List.of());
      RouteDecision rerun =
          DECIDER.decide(
              recorded.request(),
              recorded.providerHealth(),
              recorded.monthlyVolumes(),
              recorded.conversionSnapshot(),
              recorded.exploration());
      assertThat(recorded.differencesFrom(rerun)).isEmpty();
      assertThat(recorded.conversions().routes()).containsKeys("sinch/sms");
      exploredChecked += d.explored() ? 1 : 0;
    }
    assertThat(exploredChecked).isPositive();
  }

  private static ConversionEstimate estimate(RouteDecision d, String provider) {
    return d.candidates().stream()
        .filter(c -> c.provider().equals(provider))
        .findFirst()
        .orElseThrow()
        .conversion();
  }
}
