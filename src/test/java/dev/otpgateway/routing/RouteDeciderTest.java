package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a decision carries beyond the order the table pins. */
class RouteDeciderTest {
  private final RouteDecider decider = new RouteDecider(TableRules.RULES);

  private RouteDecision decide(RouteRequest request) {
    return decider.decide(request, ProviderHealth.UNOBSERVED, Volumes.NONE);
  }

  @Test
  void each_candidate_carries_what_delivery_and_the_ledger_need() {
    RouteDecision d = decide(request("US", Risk.LOW, ChannelPreference.AUTO, true));

    RouteCandidate rbm = d.candidates().get(0);
    assertThat(rbm.provider()).isEqualTo("rbm");
    assertThat(rbm.channel()).isEqualTo(Channel.RCS);
    assertThat(rbm.senderId()).isEqualTo("otp-agent@rbm.goog");
    assertThat(rbm.deliveryTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(rbm.unitPriceUsd()).isEqualByComparingTo("0.0035");
    assertThat(rbm.currency()).isEqualTo("USD");
    assertThat(rbm.carbonGrams()).isCloseTo(0.05, within(1e-12));
    assertThat(rbm.expectedLatencyMs()).isEqualTo(5000);

    RouteCandidate messagebird = d.candidates().get(1);
    assertThat(messagebird.channel()).isEqualTo(Channel.SMS);
    assertThat(messagebird.deliveryTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(messagebird.successEstimate()).isCloseTo(QualityScorer.PRIOR_SUCCESS, within(1e-12));
    ScoreBreakdown s = messagebird.score();
    assertThat(s.total())
        .isCloseTo(s.cost() + s.latency() + s.carbon() + s.quality(), within(1e-12));
  }

  @Test
  void explains_the_winner_in_one_line() {
    assertThat(decide(request("US")).reason())
        .isEqualTo("messagebird: lowest score in us (cost 0.0070, latency 5000 ms)");
    assertThat(decide(request("US", Risk.LOW, ChannelPreference.AUTO, true)).reason())
        .isEqualTo(
            "rbm: rcs first in us, the handset is RCS-capable (cost 0.0035, latency 5000 ms)");
    assertThat(decide(request("IN")).reason())
        .isEqualTo("twilio: only eligible provider in in (cost 0.0032, latency 7000 ms)");
  }

  @Test
  void carries_the_registered_template_where_the_region_requires_one() {
    assertThat(decide(request("IN")).candidates().get(0).templateId())
        .isEqualTo("1107170000000000101");
  }

  @Test
  void refusals_say_why_and_list_no_candidates() {
    RouteDecision d = decide(request("FR", Risk.HIGH, ChannelPreference.AUTO, false));
    assertThat(d.refused()).isTrue();
    assertThat(d.candidates()).isEmpty();
    assertThat(d.refusal().detail())
        .isEqualTo(
            "region eu does not accept sms for high-risk codes and no other channel can reach this"
                + " handset");
    assertThat(d.reason()).startsWith("refused (sms_not_permitted_for_risk): ");
  }

  @Test
  void an_outage_has_no_candidates_and_no_refusal() {
    Map<String, ProviderStatus> open =
        Map.of(
            "twilio", ProviderStatus.of(BreakerState.OPEN),
            "sinch", ProviderStatus.of(BreakerState.OPEN),
            "messagebird", ProviderStatus.of(BreakerState.OPEN));
    RouteDecision d = decider.decide(request("US"), ProviderHealth.of(open), Volumes.NONE);
    assertThat(d.candidates()).isEmpty();
    assertThat(d.refused()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "no provider available in us: every eligible provider's circuit is open, or RBM did"
                + " not answer");
  }

  @Test
  void rcs_asked_for_when_rbm_did_not_answer_is_an_outage_not_a_handset_that_cannot_take_it() {
    RouteDecision d = decide(withRcs(ChannelPreference.RCS, RcsCapability.UNANSWERED));

    assertThat(d.refused()).isFalse();
    assertThat(d.candidates()).isEmpty();
    assertThat(d.why().basis()).isEqualTo(RouteReason.Basis.NONE_AVAILABLE);
    assertThat(d.exclusions())
        .anySatisfy(
            e -> {
              assertThat(e.provider()).isEqualTo("rbm");
              assertThat(e.reason()).isEqualTo(ExclusionReason.RCS_CAPABILITY_UNANSWERED);
            });
  }

  @Test
  void a_refusal_of_rcs_says_only_what_is_known_of_the_handset() {
    assertThat(decide(withRcs(ChannelPreference.RCS, RcsCapability.NOT_CAPABLE)).refusal().detail())
        .isEqualTo("rcs was requested but the handset is not RCS-capable");
    assertThat(decide(withRcs(ChannelPreference.RCS, RcsCapability.NO_ADAPTER)).refusal().detail())
        .isEqualTo("rcs was requested but this gateway has no RBM adapter");
  }

  private static RouteRequest withRcs(ChannelPreference channel, RcsCapability rcs) {
    return new RouteRequest("+12025550150", "US", Risk.LOW, channel, true, rcs, 1, null, null);
  }

  @Test
  void tenant_weights_override_region_weights_and_say_so() {
    RouteRequest fast =
        new RouteRequest(
            "+447912345678", "GB", Risk.LOW, ChannelPreference.AUTO, true, false, 1, "fast", null);
    RouteDecision d = decide(fast);
    assertThat(d.weightsSource()).isEqualTo("tenant fast");
    assertThat(d.weights()).isEqualTo(new Weights(0, 1, 0, 0));
    assertThat(decide(request("GB")).weightsSource()).isEqualTo("default");
  }

  @Test
  void breaks_exact_ties_by_provider_name() {
    // Tenant "green" weighs carbon only; messagebird and twilio both emit 0.1 g per SMS.
    RouteRequest green =
        new RouteRequest(
            "+12025550153", "US", Risk.LOW, ChannelPreference.AUTO, true, false, 1, "green", null);
    RouteDecision d = decide(green);
    assertThat(d.candidates())
        .map(RouteCandidate::provider)
        .containsExactly("sinch", "messagebird", "twilio");
    assertThat(d.candidates().get(1).score().total())
        .isEqualTo(d.candidates().get(2).score().total());
  }

  @Test
  void is_deterministic() {
    RouteRequest r = request("US", Risk.LOW, ChannelPreference.AUTO, true);
    assertThat(decide(r)).isEqualTo(decide(r));
  }

  @Test
  void the_request_validates_its_fields() {
    assertThatThrownBy(
            () ->
                new RouteRequest(
                    "12025550100",
                    "us",
                    Risk.LOW,
                    ChannelPreference.AUTO,
                    true,
                    false,
                    0,
                    null,
                    Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "e164 must be + and 2 to 15 digits, but was '12025550100'; country must be two"
                + " upper-case letters, but was 'us'; segments must be >= 1, but was 0");
  }
}
