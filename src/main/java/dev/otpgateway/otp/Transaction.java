package dev.otpgateway.otp;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The payment a code approves (PSD2 dynamic linking): the message names it and the check must
 * repeat it. Built through {@link #of}, so the same payment always has the same canonical form:
 * {@code "49.9"} and {@code "49.90"} EUR are one amount, and a payee is compared in Unicode NFC, so
 * a check that writes the same payment differently is not a wrong code.
 */
public record Transaction(String amount, String currency, String payee)
    implements java.io.Serializable {

  /**
   * ISO 4217 codes of the currencies countries use today, as the JDK knows them: funds, precious
   * metals, test and "no currency" codes (XTS, XXX, XAU, ...) and withdrawn codes are not
   * currencies anyone pays in.
   */
  public static final Set<String> CURRENCIES = currenciesInUse();

  /** A transaction in canonical form; throws {@link IllegalArgumentException} saying why not. */
  public static Transaction of(String amount, String currency, String payee) {
    return new Transaction(
        canonicalAmount(amount, currency),
        currency,
        Normalizer.normalize(payee, Normalizer.Form.NFC));
  }

  /**
   * The amount with exactly the currency's minor-unit digits ({@code "49.9"} EUR → {@code "49.90"},
   * {@code "1500.0"} JPY → {@code "1500"}); more significant decimals than the currency has are
   * refused, as no payment in it can carry them.
   */
  public static String canonicalAmount(String amount, String currency) {
    if (!CURRENCIES.contains(currency)) {
      throw new IllegalArgumentException(
          "is not the ISO 4217 code of a currency in use, e.g. EUR, USD, GBP");
    }
    int digits = Currency.getInstance(currency).getDefaultFractionDigits();
    BigDecimal value;
    try {
      value = new BigDecimal(amount);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not a decimal amount", e);
    }
    if (value.stripTrailingZeros().scale() > digits) {
      throw new IllegalArgumentException(
          "has more decimals than " + currency + " has (" + digits + ")");
    }
    return value.setScale(digits).toPlainString();
  }

  /** One stable text for the HMAC binding; a unit separator keeps fields from running together. */
  public String canonical() {
    return amount + '\u001f' + currency + '\u001f' + payee;
  }

  private static Set<String> currenciesInUse() {
    Set<String> codes = new TreeSet<>();
    for (String country : Locale.getISOCountries()) {
      Currency c = Currency.getInstance(new Locale.Builder().setRegion(country).build());
      if (c != null && c.getDefaultFractionDigits() >= 0) {
        codes.add(c.getCurrencyCode());
      }
    }
    return Set.copyOf(codes);
  }
}
