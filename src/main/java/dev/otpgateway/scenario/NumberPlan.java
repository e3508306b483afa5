package dev.otpgateway.scenario;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Distinct valid mobile numbers per country for a run, the same on every run of one seed: each
 * person gets a number of their own, as a second start for a number whose code is still live would
 * be a resend. They only ever reach the built-in simulator.
 *
 * <p>People's numbers are scattered over their country's numbering, as real subscribers are: a
 * fraud guard that watches number prefixes must see people spread over many of them, and a run of
 * near-consecutive numbers only where bots walk a range ({@link #range}). US and Canadian numbers
 * are {@code +1 AAA 555 XXXX} (DESIGN §9) under any of the country's area codes; elsewhere the
 * country's example mobile number from libphonenumber with all but its first digit drawn at random.
 * Every number is checked valid, and mobile, with libphonenumber before it is used.
 */
final class NumberPlan {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private static final int TRIES = 100_000;

  private final SplittableRandom random;
  private final Set<String> used = new HashSet<>();

  NumberPlan(SplittableRandom random) {
    this.random = random;
  }

  /** An unused number of {@code country}, in E.164. */
  String next(String country) {
    for (int i = 0; i < TRIES; i++) {
      String candidate = candidate(country);
      if (!used.contains(candidate) && mobile(candidate, country)) {
        used.add(candidate);
        return candidate;
      }
    }
    throw new IllegalStateException("no more valid mobile numbers for " + country);
  }

  private String candidate(String country) {
    if (country.equals("US") || country.equals("CA")) {
      // Any area code; libphonenumber's check keeps the country's real ones.
      return String.format("+1%d555%04d", 201 + random.nextInt(789), random.nextInt(10_000));
    }
    PhoneNumber example = UTIL.getExampleNumberForType(country, PhoneNumberType.MOBILE);
    if (example == null) {
      throw new IllegalArgumentException(country + " has no example mobile number");
    }
    String national = UTIL.getNationalSignificantNumber(example);
    // All but the first national digit: people spread over the country's area codes and
    // operators' ranges, hundreds of 6-digit prefixes.
    int varied = national.length() - 1;
    long modulus = (long) Math.pow(10, varied);
    String tail = String.format("%0" + varied + "d", random.nextLong(modulus));
    return "+"
        + example.getCountryCode()
        + national.substring(0, national.length() - varied)
        + tail;
  }

  /**
   * Distinct numbers drawn at random from all those under {@code prefix}: bots that know a guard
   * watches walks through a range.
   */
  static List<String> scattered(String prefix, int count, SplittableRandom random) {
    String region = UTIL.getRegionCodeForCountryCode(countryCodeOf(prefix));
    int free = freeDigits(prefix, region);
    long limit = (long) Math.pow(10, free);
    Set<String> numbers = new java.util.LinkedHashSet<>();
    for (int i = 0; i < TRIES && numbers.size() < Math.min(count, limit); i++) {
      String candidate = prefix + String.format("%0" + free + "d", random.nextLong(limit));
      if (mobile(candidate, region)) {
        numbers.add(candidate);
      }
    }
    if (numbers.isEmpty()) {
      throw new IllegalArgumentException("no valid mobile number starts with " + prefix);
    }
    return List.copyOf(numbers);
  }

  /** A run of numbers under {@code prefix}, as bots pumping one range walk it. */
  static List<String> range(String prefix, int count) {
    String region = UTIL.getRegionCodeForCountryCode(countryCodeOf(prefix));
    int free = freeDigits(prefix, region);
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

  /** How many digits follow {@code prefix} in a mobile number of {@code region}. */
  private static int freeDigits(String prefix, String region) {
    PhoneNumber example = UTIL.getExampleNumberForType(region, PhoneNumberType.MOBILE);
    int length =
        example == null
            ? 15
            : String.valueOf(example.getCountryCode()).length()
                + UTIL.getNationalSignificantNumber(example).length();
    int free = length - (prefix.length() - 1);
    if (free < 1) {
      throw new IllegalArgumentException(
          "the prefix " + prefix + " leaves no digits for numbers in " + region);
    }
    return free;
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
