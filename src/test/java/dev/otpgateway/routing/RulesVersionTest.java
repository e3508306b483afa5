package dev.otpgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RulesVersionTest {
  private static final Map<String, String> SHIPPED = Documents.readDir(Path.of("routing-rules"));

  private static String version(Map<String, String> docs) {
    return RulesLoader.fromDocuments(docs).version();
  }

  private static Map<String, String> edit(String file, String from, String to) {
    Map<String, String> docs = new TreeMap<>(SHIPPED);
    String text = docs.get(file);
    assertThat(text).contains(from);
    docs.put(file, text.replace(from, to));
    return docs;
  }

  @Test
  void is_a_sha256_of_the_content() {
    assertThat(version(SHIPPED)).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void ignores_comments() {
    assertThat(version(edit("regions/us.yaml", "# United States and Canada.", "# US + CA")))
        .isEqualTo(version(SHIPPED));
  }

  @Test
  void ignores_formatting_and_equivalent_spellings() {
    Map<String, String> docs =
        edit(
            "regions/us.yaml",
            "            - {above: 0, usd: 0.0075}",
            "            - usd: 0.00750\n              above: 0");
    assertThat(version(docs)).isEqualTo(version(SHIPPED));
  }

  @Test
  void ignores_how_the_files_are_named() {
    Map<String, String> docs = new TreeMap<>(SHIPPED);
    docs.put("regions/united-states.yaml", docs.remove("regions/us.yaml"));
    assertThat(version(docs)).isEqualTo(version(SHIPPED));
  }

  @Test
  void changes_when_a_price_changes() {
    assertThat(version(edit("regions/us.yaml", "usd: 0.0075}", "usd: 0.0076}")))
        .isNotEqualTo(version(SHIPPED));
  }

  @Test
  void ignores_leaving_out_a_key_at_its_default() {
    assertThat(version(edit("regions/us.yaml", "      sender_registration: none\n", "")))
        .isEqualTo(version(SHIPPED));
  }

  @Test
  void changes_when_a_compliance_rule_changes() {
    assertThat(version(edit("regions/eu.yaml", "[low]", "[low, high]")))
        .isNotEqualTo(version(SHIPPED));
  }
}
