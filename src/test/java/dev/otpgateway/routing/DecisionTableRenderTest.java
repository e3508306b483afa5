package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionTableRenderTest {
  private final RouteDecider decider = new RouteDecider(TableRules.RULES);

  @Test
  void renders_candidates_with_score_parts_and_exclusions_with_reasons() {
    RouteDecision d =
        decider.decide(
            request("US"),
            ProviderHealth.of(Map.of("sinch", ProviderStatus.of(BreakerState.OPEN))),
            Volumes.NONE);

    String text = DecisionTable.render(d);

    assertThat(text)
        .contains("region:   us\n")
        .contains("rules:    " + TableRules.RULES.version() + "\n")
        .contains("reason:   messagebird: lowest score in us (cost 0.0070, latency 5000 ms)\n")
        .contains("weights:  cost 0.45, latency 0.25, carbon 0.1, quality 0.2 (default)\n")
        .contains("baseline: twilio 0.0075 USD for the same message\n")
        .doesNotContain("REFUSED");
    assertThat(text.lines().filter(l -> l.startsWith("  1  messagebird  sms ")))
        .singleElement()
        .asString()
        .contains("0.0070", "5000", "+12025550183");
    assertThat(text)
        .containsPattern("  sinch +sms +circuit_open +the circuit breaker is open\n")
        .containsPattern("  rbm +rcs +not_rcs_capable +the handset is not RCS-capable\n");
  }

  @Test
  void renders_a_refusal() {
    RouteRequest noConsent =
        new RouteRequest(
            "+4930123456", "DE", Risk.LOW, ChannelPreference.AUTO, false, false, 1, null, null);
    String text =
        DecisionTable.render(decider.decide(noConsent, ProviderHealth.UNOBSERVED, Volumes.NONE));
    assertThat(text)
        .contains("REFUSED:  consent_required: region eu requires the person's recorded consent\n")
        .contains("candidates: none\n")
        .contains("excluded: none\n");
  }
}
