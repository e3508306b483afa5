package dev.otpgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The rules in {@code routing-rules/} are what ships: they must load and say what DESIGN.md says.
 */
class ShippedRulesTest {
  private static final RuleSet RULES = RulesLoader.load(Path.of("routing-rules"));

  @Test
  void shipped_rules_load_cleanly() {
    assertThat(RulesLoader.validate(Documents.readDir(Path.of("routing-rules")))).isEmpty();
    assertThat(RULES.version()).matches("sha256:[0-9a-f]{64}");
    assertThat(RULES.sourceFiles()).contains("providers.yaml", "weights.yaml", "regions/us.yaml");
    assertThat(RULES.regions().keySet())
        .containsExactly("africa", "apac", "br", "default", "eu", "gb", "in", "us");
    assertThat(RULES.providers().keySet()).containsExactly("messagebird", "rbm", "sinch", "twilio");
  }

  @Test
  void us_prices_are_the_published_list_prices_with_their_volume_discounts() {
    Region us = RULES.regionFor("US");
    assertThat(us.providers().get("twilio").prices().get(Channel.SMS).unitPrice(0))
        .isEqualByComparingTo("0.0075");
    assertThat(us.providers().get("twilio").prices().get(Channel.SMS).unitPrice(1_000_000))
        .isEqualByComparingTo("0.00375");
    assertThat(us.providers().get("sinch").prices().get(Channel.SMS).unitPrice(500_000))
        .isEqualByComparingTo("0.0048");
    assertThat(us.providers().get("messagebird").prices().get(Channel.SMS).unitPrice(2_000_000))
        .isEqualByComparingTo("0.00385");
    assertThat(us.channels()).contains(Channel.RCS);
  }

  @Test
  void eu_requires_consent_low_risk_sms_and_eu_processing() {
    Region eu = RULES.regionFor("DE");
    assertThat(eu.id()).isEqualTo("eu");
    assertThat(eu.compliance().consentRequired()).isTrue();
    assertThat(eu.compliance().smsAllowedForRisk()).containsExactly(Risk.LOW);
    assertThat(eu.compliance().dataResidency()).isEqualTo("eu");
    assertThat(RULES.regionFor("NO").id()).as("Norway, not YAML's false").isEqualTo("eu");
  }

  @Test
  void india_requires_registration_and_has_a_registered_provider() {
    Region in = RULES.regionFor("IN");
    assertThat(in.compliance().senderRegistrationRequired()).isTrue();
    assertThat(in.providers().values()).anyMatch(ProviderRoute::isRegistered);
    assertThat(in.providers().values()).anyMatch(r -> !r.isRegistered());
  }

  @Test
  void unlisted_countries_route_through_the_default_region() {
    assertThat(RULES.regionFor("AR").id()).isEqualTo("default");
    assertThat(RULES.regionFor("AU").id()).isEqualTo("apac");
  }

  @Test
  void routes_a_us_otp_to_the_cheapest_fastest_provider_with_rcs_first_when_possible() {
    RouteDecider decider = new RouteDecider(RULES);
    RouteDecision sms =
        decider.decide(
            RouteRequest.of("+12025550160", "US"), ProviderHealth.UNOBSERVED, Volumes.NONE);
    assertThat(sms.reason())
        .isEqualTo("messagebird: lowest score in us (cost 0.0070, latency 5000 ms)");
    RouteRequest rcsCapable =
        new RouteRequest(
            "+12025550161", "US", Risk.LOW, ChannelPreference.AUTO, true, true, 1, null, null);
    assertThat(decider.decide(rcsCapable, ProviderHealth.UNOBSERVED, Volumes.NONE).candidates())
        .map(RouteCandidate::provider)
        .containsExactly("rbm", "messagebird", "twilio", "sinch");
  }

  @Test
  void refuses_high_risk_sms_in_the_eu_and_unregistered_senders_in_india() {
    RouteDecider decider = new RouteDecider(RULES);
    RouteRequest payment =
        new RouteRequest(
            "+4915123456789", "DE", Risk.HIGH, ChannelPreference.AUTO, true, false, 1, null, null);
    assertThat(decider.decide(payment, ProviderHealth.UNOBSERVED, Volumes.NONE).refusal().code())
        .isEqualTo(RefusalCode.SMS_NOT_PERMITTED_FOR_RISK);
    RouteDecision india =
        decider.decide(
            RouteRequest.of("+919812345678", "IN"), ProviderHealth.UNOBSERVED, Volumes.NONE);
    assertThat(india.exclusions())
        .contains(
            new Exclusion(
                "messagebird",
                Channel.SMS,
                ExclusionReason.SENDER_NOT_REGISTERED,
                "region in requires a registered sender and template; sender OTPGWY is not"
                    + " registered"));
  }
}
