package dev.otpgateway.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
