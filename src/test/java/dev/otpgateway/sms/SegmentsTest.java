package dev.otpgateway.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.sms.SegmentCount.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentsTest {

  /** Expands "a*152" style shorthand so rows stay readable. */
  private static String text(String spec) {
    StringBuilder out = new StringBuilder();
    for (String part : spec.split("\\+")) {
      int star = part.lastIndexOf('*');
      String unit = star < 0 ? part : part.substring(0, star);
      int times = star < 0 ? 1 : Integer.parseInt(part.substring(star + 1));
      unit =
          unit.replace("EURO", "€").replace("SMILE", "😀").replace("KA", "क").replace("FF", "\f");
      out.append(unit.repeat(times));
    }
    return out.toString();
  }

  @ParameterizedTest(name = "{0} -> {1} {2} segment(s), {3} units")
  @CsvSource(
      delimiter = '|',
      value = {
        "a*160              | GSM7 | 1 | 160",
        "a*161              | GSM7 | 2 | 161",
        "a*306              | GSM7 | 2 | 306",
        "a*307              | GSM7 | 3 | 307",
        "EURO*80            | GSM7 | 1 | 160",
        "EURO*81            | GSM7 | 2 | 162",
        // The escape pair never splits: 152 septets, then € starts segment two.
        "a*152+EURO+a*152   | GSM7 | 3 | 306",
        "Δ*160              | GSM7 | 1 | 160",
        "a*69+SMILE         | UCS2 | 2 | 71",
        "SMILE*35           | UCS2 | 1 | 70",
        "SMILE*36           | UCS2 | 2 | 72",
        "KA*70              | UCS2 | 1 | 70",
        "KA*71              | UCS2 | 2 | 71",
        "KA*134             | UCS2 | 2 | 134",
        // A surrogate pair never splits: 66 units, then the emoji starts segment two.
        "KA*66+SMILE+KA*66  | UCS2 | 3 | 134",
        "ç                  | UCS2 | 1 | 1",
        // Rows the old per-provider counters got wrong: they divided septets by 153 and units
        // by 67 without keeping escape pairs and surrogate pairs whole.
        "a*152+EURO+a*1     | GSM7 | 1 | 155",
        "a*66+SMILE+a*4     | UCS2 | 2 | 72",
        "a*152+EURO*77      | GSM7 | 3 | 306",
        "a*66+SMILE*34      | UCS2 | 3 | 134",
        "a*459              | GSM7 | 3 | 459",
        "a*460              | GSM7 | 4 | 460",
        "KA*201             | UCS2 | 3 | 201",
        "KA*202             | UCS2 | 4 | 202",
      })
  void counts_segments_as_carriers_bill_them(
      String spec, Encoding encoding, int segments, int units) {
    SegmentCount count = Segments.count(text(spec));

    assertThat(count.encoding()).isEqualTo(encoding);
    assertThat(count.segments()).isEqualTo(segments);
    assertThat(count.units()).isEqualTo(units);
  }

  @Test
  void the_whole_basic_alphabet_is_gsm7_one_septet_each() {
    String basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    SegmentCount count = Segments.count(basic);

    assertThat(basic).hasSize(127);
    assertThat(count).isEqualTo(new SegmentCount(Encoding.GSM7, 1, 127));
  }

  @Test
  void an_empty_body_is_one_gsm7_segment() {
    assertThat(Segments.count("")).isEqualTo(new SegmentCount(Encoding.GSM7, 1, 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f"})
  void each_gsm_extension_character_costs_two_septets(String c) {
    SegmentCount count = Segments.count("a" + c);

    assertThat(count.encoding()).isEqualTo(Encoding.GSM7);
    assertThat(count.units()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"`", "á", "ó", "ç", "€\u200b", "😀", "’"})
  void characters_outside_the_gsm_alphabet_force_ucs2(String c) {
    assertThat(Segments.count("code " + c).encoding()).isEqualTo(Encoding.UCS2);
  }
}
