package dev.otpgateway.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

  @ParameterizedTest
  @CsvSource({
    "+12025550123,     +12025550123, US",
    "'+1 202-555-0199', +12025550199, US",
    "+61491570156,     +61491570156, AU",
    "' +61 491 570 159 ', +61491570159, AU",
    "+4915123456789,   +4915123456789, DE",
  })
  void accepts_mobile_numbers_and_answers_in_e164(String input, String e164, String country) {
    Destination d = PhoneNumbers.parse(input);

    assertThat(d.e164()).isEqualTo(e164);
    assertThat(d.country()).isEqualTo(country);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "+447700900123   | not a valid number",
        "12025550123     | must start with +",
        "+1202555        | not a valid number",
        "+1 202 555 abcd | only digits",
        "+999123456      | country code is not assigned",
        "+493012345678   | is a landline number",
        "+445612345678   | is a VoIP number",
        "+19005550123    | is a premium-rate number",
        "+18005550123    | is a toll-free number",
        "''              | must be a phone number",
      })
  void refuses_numbers_a_code_cannot_reach_and_says_why(String input, String reason) {
    assertThatThrownBy(() -> PhoneNumbers.parse(input))
        .isInstanceOf(PhoneNumbers.InvalidNumberException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource({"+12025550123, +1202555****", "+61491570156, +6149157****"})
  void masks_the_last_four_digits(String e164, String masked) {
    assertThat(Destination.mask(e164)).isEqualTo(masked);
  }

  /**
   * parse asks libphonenumber for the region, the validity there and the type in steps of its own,
   * to keep the region for its answer; this holds it to libphonenumber's isValidNumber and
   * getNumberType on libphonenumber's example number of every type in every region, among them the
   * +1 regions besides the US, which share its country code. A cheaper parse (docs/benchmarks.md,
   * PhoneNumbersBenchmark) must keep this passing.
   */
  @Test
  void accepts_exactly_the_valid_mobile_numbers_of_every_region() {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    int checked = 0;
    for (String region : util.getSupportedRegions()) {
      for (PhoneNumberType type : PhoneNumberType.values()) {
        PhoneNumber example = util.getExampleNumberForType(region, type);
        if (example == null) {
          continue;
        }
        String e164 = util.format(example, PhoneNumberFormat.E164);
        PhoneNumberType actual = util.getNumberType(example);
        boolean reachable =
            util.isValidNumber(example)
                && (actual == PhoneNumberType.MOBILE
                    || actual == PhoneNumberType.FIXED_LINE_OR_MOBILE);
        if (reachable) {
          assertThat(PhoneNumbers.parse(e164))
              .as(e164)
              .isEqualTo(new Destination(e164, util.getRegionCodeForNumber(example)));
        } else {
          assertThatThrownBy(() -> PhoneNumbers.parse(e164))
              .as(e164)
              .isInstanceOf(PhoneNumbers.InvalidNumberException.class);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1_000);
  }
}
