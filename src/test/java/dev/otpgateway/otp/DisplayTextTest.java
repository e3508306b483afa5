package dev.otpgateway.otp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a payee or app name may hold so the handset shows exactly what the tenant sent. */
class DisplayTextTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Acme Ltd",
        "Müller & Söhne GmbH",
        "Café de l'Opéra",
        "Cafe\u0301", // e + combining acute: a base with one mark
        "株式会社アクメ",
        "東京 Tower 3",
        "삼성전자 Samsung",
        "Банк Россия",
        "Αθήνα Α.Ε.",
        "भारतीय स्टेट बैंक",
        "Acme भुगतान",
        "O'Reilly (UK) Ltd.",
        "Shop 24/7 #1",
        "Tiếng Việt",
        "東京　Tower",
      })
  void shows_ordinary_names_in_any_script(String name) {
    assertThat(DisplayText.problemWithName(name)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "right-to-left override        | Acme\u202eLTD          | bidirectional control",
        "left-to-right embedding       | Acme\u202aLtd          | bidirectional control",
        "pop directional formatting    | Acme\u202cLtd          | bidirectional control",
        "right-to-left isolate         | Acme\u2067Ltd          | bidirectional control",
        "first strong isolate          | Acme\u2068Ltd          | bidirectional control",
        "right-to-left mark            | Acme\u200fLtd          | bidirectional control",
        "arabic letter mark            | Acme\u061cLtd          | bidirectional control",
        "zero-width space              | Ac\u200bme            | invisible formatting",
        "zero-width joiner             | Ac\u200dme            | invisible formatting",
        "word joiner                   | Ac\u2060me            | invisible formatting",
        "soft hyphen                   | Ac\u00adme            | invisible formatting",
        "byte order mark               | Ac\ufeffme            | invisible formatting",
        "tag character                 | Acme\udb40\udc41       | invisible formatting",
        "variation selector            | Acme\ufe0f            | invisible character",
        "combining grapheme joiner     | Ac\u034fme            | invisible character",
        "hangul filler                 | Acme\u3164            | invisible character",
        "newline                       | 'Acme\nLtd'           | control character",
        "escape                        | Acme\u001b[31m        | control character",
        "delete                        | Acme\u007f            | control character",
        "C1 control                    | Acme\u0085Ltd          | control character",
        "no-break space                | Acme\u00a0Ltd          | space other than U+0020",
        "en space                      | Acme\u2002Ltd          | space other than U+0020",
        "line separator                | Acme\u2028Ltd          | line or paragraph separator",
        "paragraph separator           | Acme\u2029Ltd          | line or paragraph separator",
        "private use                   | Acme\ue000            | private-use",
        "unassigned                    | Acme\u0378            | unassigned",
        "lone high surrogate           | Acme\ud800            | unpaired surrogate",
        "lone low surrogate            | Acme\udc00Ltd          | unpaired surrogate",
        "leading space                 | ' Acme'               | start or end with a space",
        "trailing space                | 'Acme '               | start or end with a space",
        "mark without a base           | \u0301Acme            | combining mark",
        "stacked marks                 | Ac\u0301\u0302\u0303\u0304\u0305me | more than 4 combining marks",
        "cyrillic a in a latin name    | \u0410cme Ltd          | cyrillic and latin",
        "greek omicron in a latin name | Micr\u03bfsoft         | greek and latin",
        "cyrillic and greek            | \u0410\u0392         | cyrillic and greek",
        "cherokee and latin            | \u13aacme              | cherokee and latin",
        "three scripts                 | Acme \u0905 \u0e01     | latin and thai",
        "digits of two systems         | Shop 1\u0662          | number systems",
      })
  void refuses_what_would_not_show_as_it_reads(String attack, String name, String problem) {
    assertThat(DisplayText.problemWithName(name))
        .as(attack)
        .isNotNull()
        .containsIgnoringCase(problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Your {app} code is {code}.\nDon't share it.", "{app} कोड {code} Acme"})
  void messages_may_break_lines_and_mix_scripts(String template) {
    assertThat(DisplayText.problemWithMessage(template)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{code}\u202e", "{code}\u200b", "{code}\r\n", "{code}\u0000"})
  void messages_refuse_invisible_and_control_characters(String template) {
    assertThat(DisplayText.problemWithMessage(template)).isNotNull();
  }
}
