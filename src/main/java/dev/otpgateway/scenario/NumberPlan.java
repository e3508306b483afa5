package dev.otpgateway.scenario;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distinct valid mobile numbers per country for a run, the same on every run: each person gets a
 * number of their own, as a second start for a number whose code is still live would be a resend.
 * They only ever reach the built-in simulator.
 *
 * <p>US and Canadian numbers are {@code +1 AAA 555 XXXX} (DESIGN §9); elsewhere the country's
 * example mobile number from libphonenumber with its last digits counted up. Every number is
 * checked valid, and mobile, with libphonenumber before it is used.
 */
final class NumberPlan {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final List<Integer> NANP_AREAS =
      List.of(201, 202, 203, 205, 206, 207, 208, 210, 212, 213, 214, 215, 216, 217, 224, 225);

  /** Digits at the end of a number that are counted up: 10,000 numbers per country at least. */
  private static final int VARIED_DIGITS = 4;

  private final Map<String, Integer> next = new HashMap<>();

  /** The next unused number of {@code country}, in E.164. */
  String next(String country) {
    int start = next.getOrDefault(country, 0);
    for (int i = start; i < start + 100_000; i++) {
      String candidate = candidate(country, i);
      if (candidate != null && mobile(candidate, country)) {
        next.put(country, i + 1);
        return candidate;
      }
    }
    throw new IllegalStateException("no more valid mobile numbers for " + country);
  }

  private static String candidate(String country, int i) {
    if (country.equals("US") || country.equals("CA")) {
      int lines = 10_000;
      int area = NANP_AREAS.get((i / lines) % NANP_AREAS.size());
      return String.format("+1%d555%04d", area, i % lines);
    }
    PhoneNumber example = UTIL.getExampleNumberForType(country, PhoneNumberType.MOBILE);
    if (example == null) {
      throw new IllegalArgumentException(country + " has no example mobile number");
    }
    String national = UTIL.getNationalSignificantNumber(example);
    int varied = Math.min(VARIED_DIGITS + i / 10_000, national.length() - 2);
    long modulus = (long) Math.pow(10, varied);
    long base = Long.parseLong(national.substring(national.length() - varied));
    String tail = String.format("%0" + varied + "d", (base + i) % modulus);
    return "+"
        + example.getCountryCode()
        + national.substring(0, national.length() - varied)
        + tail;
  }

  /** A run of numbers under {@code prefix}, as bots pumping one range use them. */
  static List<String> range(String prefix, int count) {
    int countryCode = countryCodeOf(prefix);
    String region = UTIL.getRegionCodeForCountryCode(countryCode);
    PhoneNumber example = UTIL.getExampleNumberForType(region, PhoneNumberType.MOBILE);
    int length =
        example == null
            ? 15
            : String.valueOf(countryCode).length()
                + UTIL.getNationalSignificantNumber(example).length();
    int free = length - (prefix.length() - 1);
    if (free < 1) {
      throw new IllegalArgumentException(
          "the prefix " + prefix + " leaves no digits for numbers in " + region);
    }
    List<String> numbers = new java.util.ArrayList<>(count);
    long limit = (long) Math.pow(10, free);
    for (long n = 0; n < limit && numbers.size() < count; n++) {
      String candidate = prefix + String.format("%0" + free + "d", n);
      if (mobile(candidate, region)) {
        numbers.add(candidate);
      }
    }
    if (numbers.isEmpty()) {
      throw new IllegalArgumentException("no valid mobile number starts with " + prefix);
    }
    return numbers;
  }

  private static int countryCodeOf(String prefix) {
    for (int digits = 1; digits <= 3 && digits < prefix.length(); digits++) {
      int code = Integer.parseInt(prefix.substring(1, 1 + digits));
      if (!"ZZ".equals(UTIL.getRegionCodeForCountryCode(code))) {
        return code;
      }
    }
    throw new IllegalArgumentException(prefix + " starts with no country calling code");
  }

  private static boolean mobile(String e164, String region) {
    try {
      PhoneNumber n = UTIL.parse(e164, region);
      if (!UTIL.isValidNumber(n) || !region.equals(UTIL.getRegionCodeForNumber(n))) {
        return false;
      }
      PhoneNumberType type = UTIL.getNumberType(n);
      return type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE;
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      return false;
    }
  }
}
