package dev.otpgateway.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeGeneratorTest {
  private final CodeGenerator generator = new CodeGenerator();

  @ParameterizedTest
  @ValueSource(ints = {4, 6, 8, 10})
  void codes_have_exactly_the_asked_digits(int digits) {
    for (int i = 0; i < 2_000; i++) {
      assertThat(generator.next(digits)).hasSize(digits).containsOnlyDigits();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 11, 0, -1})
  void refuses_lengths_outside_4_to_10(int digits) {
    assertThatThrownBy(() -> generator.next(digits))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 4 and 10, but was " + digits);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5})
  void every_digit_appears_in_every_position_including_leading_zeros(int position) {
    // 5,000 draws: the chance that a fair generator misses one digit in a position is ~10 *
    // 0.9^5000.
    Set<Character> seen = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      seen.add(generator.next(6).charAt(position));
    }
    assertThat(seen).hasSize(10);
  }
}
