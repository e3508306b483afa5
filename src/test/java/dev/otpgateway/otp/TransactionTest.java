package dev.otpgateway.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One payment, one canonical form: what start and check bind a code to. */
class TransactionTest {

  @ParameterizedTest
  @CsvSource({
    "49.9, EUR, 49.90",
    "49.90, EUR, 49.90",
    "49.9000, EUR, 49.90",
    "49, EUR, 49.00",
    "0, USD, 0.00",
    "1500, JPY, 1500",
    "1500.0, JPY, 1500",
    "12.345, KWD, 12.345",
    "12.3, KWD, 12.300",
  })
  void the_same_amount_written_differently_is_one_amount(
      String written, String currency, String canonical) {
    assertThat(Transaction.canonicalAmount(written, currency)).isEqualTo(canonical);
  }

  @Test
  void equal_payments_bind_equally_and_different_ones_do_not() {
    Transaction a = Transaction.of("49.9", "EUR", "Acme Ltd");
    Transaction b = Transaction.of("49.90", "EUR", "Acme Ltd");
    Transaction c = Transaction.of("49.91", "EUR", "Acme Ltd");

    assertThat(a.canonical()).isEqualTo(b.canonical());
    assertThat(a.canonical()).isNotEqualTo(c.canonical());
    assertThat(Transaction.of("1", "EUR", "Cafe\u0301").canonical())
        .isEqualTo(Transaction.of("1", "EUR", "Caf\u00e9").canonical());
  }

  @ParameterizedTest
  @CsvSource({"49.901, EUR, more decimals than EUR", "1.5, JPY, more decimals than JPY"})
  void refuses_more_decimals_than_the_currency_has(String amount, String currency, String says) {
    assertThatThrownBy(() -> Transaction.canonicalAmount(amount, currency))
        .hasMessageContaining(says);
  }

  @ParameterizedTest
  @ValueSource(strings = {"XYZ", "XXX", "XTS", "XAU", "XDR", "DEM", "ABC", "eur"})
  void knows_only_currencies_in_use(String code) {
    assertThat(Transaction.CURRENCIES).doesNotContain(code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"EUR", "USD", "GBP", "JPY", "INR", "BRL", "CHF", "XOF", "XAF", "KWD"})
  void knows_the_currencies_people_pay_in(String code) {
    assertThat(Transaction.CURRENCIES).contains(code);
  }
}
