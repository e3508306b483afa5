package dev.otpgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each broken fixture under {@code routing/broken/<case>/} replaces one file of the valid {@code
 * routing/base/} rules; the test pins the exact {@code file:line: message} a rules author sees.
 */
class RulesLoaderTest {
  private static final Path FIXTURES = Path.of("src/test/resources/routing");

  private static Map<String, String> base() {
    return Documents.readDir(FIXTURES.resolve("base"));
  }

  private static List<String> problems(String brokenCase) {
    Map<String, String> docs = new TreeMap<>(base());
    docs.putAll(Documents.readDir(FIXTURES.resolve("broken").resolve(brokenCase)));
    return RulesLoader.validate(docs).stream().map(RulesProblem::toString).toList();
  }

  @Test
  void base_fixture_is_valid() {
    assertThat(RulesLoader.validate(base())).isEmpty();
  }

  @Test
  void rejects_unknown_keys_naming_the_expected_ones() {
    assertThat(problems("unknown_key"))
        .containsExactly(
            "regions.yaml:7: regions.us.compliance.consent_requird is not a known key (expected one"
                + " of: consent_required, data_residency, sender_registration,"
                + " sms_allowed_for_risk)");
  }

  @Test
  void rejects_a_region_naming_an_undefined_provider() {
    assertThat(problems("dangling_provider"))
        .containsExactly(
            "regions.yaml:14: regions.us.providers.plivo names 'plivo', which is not defined in"
                + " providers (defined: sinch, twilio)");
  }

  @Test
  void rejects_an_undefined_baseline_provider() {
    assertThat(problems("dangling_baseline"))
        .containsExactly(
            "providers.yaml:2: baseline_provider names 'twillio', which is not defined in"
                + " providers (defined: sinch, twilio)");
  }

  @Test
  void rejects_negative_prices() {
    assertThat(problems("negative_price"))
        .containsExactly(
            "regions.yaml:19: regions.us.providers.sinch.prices.sms[0].usd must be >= 0, but was"
                + " -0.0080");
  }

  @Test
  void rejects_tiers_whose_thresholds_do_not_increase() {
    assertThat(problems("non_increasing_tiers"))
        .containsExactly(
            "regions.yaml:14: regions.us.providers.twilio.prices.sms[2].above must be greater than"
                + " the previous tier's 1000000, but was 500000");
  }

  @Test
  void rejects_a_country_in_two_regions() {
    assertThat(problems("country_in_two_regions"))
        .containsExactly(
            "regions.yaml:3: regions.us.countries has CA, which regions.ca already has"
                + " (regions.yaml:21)");
  }

  @Test
  void rejects_codes_that_are_not_iso_countries() {
    assertThat(problems("invalid_country"))
        .containsExactly(
            "regions.yaml:4: regions.us.countries has 'UK', which is not an ISO 3166-1 alpha-2 code"
                + " (upper case)");
  }

  @Test
  void rejects_negative_weights() {
    assertThat(problems("negative_weight"))
        .containsExactly("weights.yaml:2: weights.cost must be a finite number >= 0, but was -0.5");
  }

  @Test
  void rejects_weights_that_are_all_zero() {
    assertThat(problems("zero_weights"))
        .containsExactly("weights.yaml:1: weights must not all be zero: every provider would tie");
  }

  @Test
  void rejects_residency_that_leaves_no_provider_for_an_allowed_channel() {
    assertThat(problems("residency_leaves_no_provider"))
        .containsExactly(
            "regions.yaml:22: regions.eu allows sms but no provider can carry it there: sinch"
                + " residency, twilio not_in_region");
  }

  @Test
  void rejects_a_registration_region_without_a_registered_provider() {
    assertThat(problems("no_registered_sender"))
        .containsExactly(
            "regions.yaml:22: regions.in allows sms but no provider can carry it there: sinch"
                + " sender_not_registered, twilio sender_not_registered");
  }

  @Test
  void rejects_rules_without_a_default_region() {
    assertThat(problems("missing_default"))
        .containsExactly(
            "regions.yaml:1: regions must define a 'default' region, for countries no other region"
                + " names");
  }

  @Test
  void reports_every_problem_across_files_not_only_the_first() {
    assertThat(problems("many_problems"))
        .containsExactly(
            "regions.yaml:3: regions.us.countries has 'XX', which is not an ISO 3166-1 alpha-2 code"
                + " (upper case)",
            "regions.yaml:9: regions.us.providers.twilio.latency_ms must be a whole number, but was"
                + " 'fast'",
            "weights.yaml:2: weights.cost must be a finite number >= 0, but was -0.5",
            "weights.yaml:3: weights.latency must be a finite number >= 0, but was -0.3",
            "weights.yaml:6: weights.speed is not a known key (expected one of: carbon, cost,"
                + " latency, quality)");
  }

  @Test
  void rejects_duplicate_keys() {
    assertThat(problems("duplicate_key"))
        .containsExactly("weights.yaml:6: duplicate key 'cost' (first at line 2)");
  }

  @Test
  void rejects_anchors_and_aliases() {
    assertThat(problems("alias"))
        .containsExactly(
            "weights.yaml:1: anchors and aliases are not supported: write the value out",
            "weights.yaml:8: anchors and aliases are not supported: write the value out");
  }

  @Test
  void reports_yaml_syntax_errors_with_their_line() {
    assertThat(problems("not_yaml"))
        .containsExactly("weights.yaml:3: not valid YAML: mapping values are not allowed here");
  }

  @Test
  void reads_norway_as_a_country_not_as_false() {
    Map<String, String> docs = new TreeMap<>(base());
    docs.put("regions.yaml", docs.get("regions.yaml").replace("[US, CA]", "[US, CA, NO]"));
    assertThat(RulesLoader.fromDocuments(docs).regionFor("NO").id()).isEqualTo("us");
  }

  @Test
  void throws_a_rules_exception_listing_every_problem() {
    Map<String, String> docs = new TreeMap<>(base());
    docs.putAll(Documents.readDir(FIXTURES.resolve("broken/many_problems")));
    assertThatThrownBy(() -> RulesLoader.fromDocuments(docs))
        .isInstanceOf(RulesException.class)
        .hasMessageStartingWith("invalid routing rules (5 problems)\nregions.yaml:3: ");
  }

  @Test
  void loads_yaml_files_from_a_directory_and_its_subdirectories(@TempDir Path dir)
      throws IOException {
    Map<String, String> docs = base();
    Files.createDirectories(dir.resolve("regions"));
    Files.writeString(dir.resolve("providers.yaml"), docs.get("providers.yaml"));
    Files.writeString(dir.resolve("weights.yml"), docs.get("weights.yaml"));
    Files.writeString(dir.resolve("regions/all.yaml"), docs.get("regions.yaml"));
    Files.writeString(dir.resolve("README.md"), "not rules");
    Files.writeString(dir.resolve(".editor-swap.yaml"), "garbage: [");

    RuleSet rules = RulesLoader.load(dir);

    assertThat(rules.sourceFiles())
        .containsExactly("providers.yaml", "regions/all.yaml", "weights.yml");
    assertThat(rules.version())
        .as("the same content split differently is the same rules")
        .isEqualTo(RulesLoader.fromDocuments(docs).version());
  }

  @Test
  void reports_a_missing_directory(@TempDir Path dir) {
    assertThatThrownBy(() -> RulesLoader.load(dir.resolve("nope")))
        .isInstanceOf(RulesException.class)
        .hasMessageEndingWith("nope:0: is not a directory");
  }

  @Test
  void rejects_a_section_defined_in_two_files() {
    Map<String, String> docs = new TreeMap<>(base());
    docs.put("more-weights.yaml", docs.get("weights.yaml"));
    assertThat(RulesLoader.validate(docs))
        .map(RulesProblem::toString)
        .containsExactly("weights.yaml:1: weights is defined twice (first at more-weights.yaml:1)");
  }

  @Test
  void rejects_a_region_without_providers_instead_of_dropping_it() {
    Map<String, String> docs = new TreeMap<>(base());
    docs.put(
        "gb.yaml",
        "regions:\n  gb:\n    countries: [GB]\n    channels: [sms]\n"
            + "    delivery_timeout_ms: {sms: 20000}\n    providers: {}\n");
    assertThat(RulesLoader.validate(docs))
        .map(RulesProblem::toString)
        .containsExactly("gb.yaml:6: regions.gb.providers must name at least one provider");
  }

  @Test
  void an_invalid_entry_is_not_also_reported_as_missing_or_undefined() {
    Map<String, String> docs = new TreeMap<>(base());
    docs.put(
        "providers.yaml",
        docs.get("providers.yaml")
            .replace("data_processing_regions: [us]", "data_processing_regions: []"));
    docs.put("regions.yaml", docs.get("regions.yaml").replace("sms: 30000", "sms: -1"));
    assertThat(RulesLoader.validate(docs))
        .map(RulesProblem::toString)
        .containsExactly(
            "providers.yaml:10: providers.sinch.data_processing_regions must name at least one zone",
            "regions.yaml:22: regions.default.delivery_timeout_ms.sms must be > 0, but was -1");
  }
}
