package dev.otpgateway.otp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.otp.MessageTemplates.MessageRequest;
import dev.otpgateway.sms.SegmentCount;
import dev.otpgateway.sms.Segments;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTemplatesTest {
  private static MessageRequest request(
      String language,
      Transaction t,
      String appHash,
      String domain,
      Map<String, String> templates) {
    return new MessageRequest(language, "Acme", "042137", 5, t, appHash, domain, templates);
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "de", "fr", "es", "pt"})
  void latin_script_templates_fit_one_gsm7_segment(String language) {
    String body = MessageTemplates.render(request(language, null, null, null, Map.of()));

    assertThat(body).contains("042137").contains("Acme").contains("5");
    assertThat(Segments.count(body))
        .isEqualTo(new SegmentCount(SegmentCount.Encoding.GSM7, 1, Segments.count(body).units()));
  }

  @Test
  void hindi_goes_as_one_ucs2_segment() {
    String body = MessageTemplates.render(request("hi", null, null, null, Map.of()));

    assertThat(body).contains("042137");
    assertThat(Segments.count(body).encoding()).isEqualTo(SegmentCount.Encoding.UCS2);
    assertThat(Segments.count(body).segments()).isEqualTo(1);
  }

  @Test
  void web_otp_line_is_the_last_line() {
    String body = MessageTemplates.render(request("en", null, null, "app.example.com", Map.of()));

    String[] lines = body.split("\n");
    assertThat(lines[lines.length - 1]).isEqualTo("@app.example.com #042137");
  }

  @Test
  void the_sms_retriever_app_hash_ends_the_message() {
    String body = MessageTemplates.render(request("en", null, "FA+9qCX9VSu", null, Map.of()));

    assertThat(body).endsWith("\nFA+9qCX9VSu");
  }

  @Test
  void with_both_the_hash_closes_the_web_otp_line() {
    String body =
        MessageTemplates.render(request("en", null, "FA+9qCX9VSu", "app.example.com", Map.of()));

    assertThat(body).endsWith("\n\n@app.example.com #042137 FA+9qCX9VSu");
  }

  @Test
  void a_payment_message_names_amount_and_payee() {
    String body =
        MessageTemplates.render(
            request("en", new Transaction("49.90", "EUR", "Acme Ltd"), null, null, Map.of()));

    assertThat(body).contains("EUR 49.90").contains("Acme Ltd").contains("042137");
  }

  @Test
  void a_tenant_template_overrides_its_language() {
    String body =
        MessageTemplates.render(
            request(
                "en",
                null,
                null,
                null,
                Map.of("en", "{code} is your {app} login ({minutes} min)")));

    assertThat(body).isEqualTo("042137 is your Acme login (5 min)");
  }

  @Test
  void a_tenant_template_without_payment_fields_does_not_hide_the_payment() {
    String body =
        MessageTemplates.render(
            request(
                "en",
                new Transaction("1.00", "USD", "Shop"),
                null,
                null,
                Map.of("en", "{code} for {app}")));

    assertThat(body).contains("Shop").contains("USD 1.00");
  }

  @Test
  void language_falls_back_to_english_and_reads_region_subtags() {
    assertThat(MessageTemplates.language("pt-BR", Map.of())).isEqualTo("pt");
    assertThat(MessageTemplates.language("sv", Map.of())).isEqualTo("en");
    assertThat(MessageTemplates.language("sv", Map.of("sv", "{code}"))).isEqualTo("sv");
    assertThat(MessageTemplates.language(null, Map.of())).isEqualTo("en");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "en | 1 | It expires in 1 minute.",
        "en | 5 | It expires in 5 minutes.",
        "de | 1 | Er ist 1 Minute gültig.",
        "de | 10 | Er ist 10 Minuten gültig.",
        "fr | 1 | Il expire dans 1 minute.",
        "es | 1 | Caduca en 1 minuto.",
        "pt | 2 | Expira em 2 minutos.",
      })
  void a_lifetime_is_said_in_the_right_number(String language, int minutes, String phrase) {
    String body =
        MessageTemplates.render(
            new MessageRequest(language, "Acme", "042137", minutes, null, null, null, Map.of()));

    assertThat(body).contains(phrase);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "pt-BR       | pt",
        "de-CH-1996  | de",
        "EN-us       | en",
        "hi-Deva-IN  | hi",
        "fr          | fr",
        "sv-SE       | sv",
        "xx          | null",
        "tlh         | null",
        "zh-Hant-TW  | null",
      })
  void a_locale_is_served_by_bcp47_lookup_among_the_languages_with_a_template(
      String tag, String served) {
    assertThat(MessageTemplates.resolve(tag, Map.of("sv", "{code}"))).isEqualTo(served);
  }

  @Test
  void the_supported_languages_are_the_built_in_ones_and_the_tenants() {
    assertThat(MessageTemplates.supported(Map.of("sv", "{code}")))
        .containsExactly("de", "en", "es", "fr", "hi", "pt", "sv");
    assertThat(MessageTemplates.resolve(null, Map.of())).isEqualTo("en");
  }

  @ParameterizedTest
  @CsvSource({"sv, true", "fil, true", "xx, false", "qq, false", "zzz, false"})
  void a_template_language_must_be_one_the_locale_data_names(String code, boolean known) {
    assertThat(MessageTemplates.isKnownLanguage(code)).isEqualTo(known);
  }

  @Test
  void tenant_templates_are_checked() {
    assertThat(MessageTemplates.problemWith("Your code")).contains("{code}");
    assertThat(MessageTemplates.problemWith("{code} {user}"))
        .contains("unknown placeholder {user}");
    assertThat(MessageTemplates.problemWith("{code} for {app}")).isNull();
  }
}
