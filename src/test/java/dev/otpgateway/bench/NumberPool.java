package dev.otpgateway.bench;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;

/**
 * Distinct US destinations {@code +1 AAA 555 XXXX} for the load, checked once with libphonenumber.
 *
 * <p>Why distinct: a second start for a number whose code is still live is a resend (same id, the
 * old code sent again), a different job from the one measured. Each area code gives 10,000 numbers;
 * the default 48 give 480,000, enough for 12,000 starts a second over 40 s before any number comes
 * back. Numbers are handed out interleaved across area codes ({@code 201 555 0000}, {@code 202 555
 * 0000}, ...) and, once all are used, from the start again; {@link #repeats} says how often that
 * happened.
 */
public final class NumberPool {
  /** US area codes in service; every {@code AAA 555 XXXX} under them is valid to libphonenumber. */
  public static final List<Integer> DEFAULT_AREA_CODES =
      List.of(
          201, 202, 203, 205, 206, 207, 208, 210, 212, 213, 214, 215, 216, 217, 224, 225, 303, 305,
          310, 312, 313, 314, 404, 408, 410, 412, 415, 503, 512, 602, 609, 612, 614, 615, 617, 619,
          646, 650, 702, 713, 718, 720, 773, 801, 818, 904, 917, 919);

  static final int LINES_PER_AREA_CODE = 10_000;
  private static final long EXCHANGE = 555;

  private final long[] nationalNumbers;
  private int next;
  private long handedOut;

  private NumberPool(long[] nationalNumbers) {
    this.nationalNumbers = nationalNumbers;
  }

  /**
   * Every {@code AAA 555 XXXX} under these area codes, each checked to be a valid mobile (or
   * fixed-line-or-mobile, as US numbers are) number.
   *
   * @throws IllegalArgumentException naming the first number that isn't
   */
  public static NumberPool of(List<Integer> areaCodes) {
    if (areaCodes.isEmpty()) {
      throw new IllegalArgumentException("at least one area code is needed");
    }
    int areas = areaCodes.size();
    long[] numbers = new long[areas * LINES_PER_AREA_CODE];
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    PhoneNumber probe = new PhoneNumber().setCountryCode(1);
    for (int i = 0; i < numbers.length; i++) {
      int areaCode = areaCodes.get(i % areas);
      if (areaCode < 200 || areaCode > 999) {
        throw new IllegalArgumentException("area code must be 200 to 999, but was " + areaCode);
      }
      long line = i / areas;
      long national = (areaCode * 1000L + EXCHANGE) * 10_000L + line;
      probe.setNationalNumber(national);
      if (!isMobile(util, probe)) {
        throw new IllegalArgumentException(
            "+1" + national + " is not a valid mobile number to libphonenumber");
      }
      numbers[i] = national;
    }
    return new NumberPool(numbers);
  }

  private static boolean isMobile(PhoneNumberUtil util, PhoneNumber number) {
    if (!util.isValidNumber(number)) {
      return false;
    }
    PhoneNumberType type = util.getNumberType(number);
    return type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE;
  }

  /** How many distinct numbers the pool holds. */
  public int size() {
    return nationalNumbers.length;
  }

  /** The next number's ten national digits (area code first), e.g. 2025550123. */
  public long next() {
    long number = nationalNumbers[next];
    next = next + 1 == nationalNumbers.length ? 0 : next + 1;
    handedOut++;
    return number;
  }

  /** Numbers handed out a second (or later) time: those starts were resends. */
  public long repeats() {
    return Math.max(0, handedOut - nationalNumbers.length);
  }

  /** The number at this position, for tests. */
  long at(int index) {
    return nationalNumbers[index];
  }
}
