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
}
