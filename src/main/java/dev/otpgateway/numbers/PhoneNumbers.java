package dev.otpgateway.numbers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Accepts only numbers a one-time code can reach: valid, and of type MOBILE or FIXED_LINE_OR_MOBILE
 * (libphonenumber cannot tell those apart in the US and a few other countries). Every refusal names
 * the reason, so an app can show it.
 */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** A plus, then digits and the separators people write between them. */
  private static final Pattern DIGITS_AFTER_PLUS = Pattern.compile("\\+[0-9 ().\\-]+");

  private PhoneNumbers() {}

  /** Loads the metadata of the busiest regions up front, so the first requests don't pay for it. */
  public static void warmUp(List<String> regions) {
    for (String region : regions) {
      UTIL.getExampleNumberForType(region, PhoneNumberType.MOBILE);
    }
  }

  /**
   * @throws InvalidNumberException with a message fit to show to the caller
   */
  public static Destination parse(String input) {
    if (input == null || input.isBlank()) {
      throw new InvalidNumberException("must be a phone number in E.164 form, e.g. +12025550123");
    }
    String trimmed = input.strip();
    if (!trimmed.startsWith("+")) {
      throw new InvalidNumberException(
          "must start with + and the country code (E.164), e.g. +12025550123");
    }
    if (!DIGITS_AFTER_PLUS.matcher(trimmed).matches()) {
      // libphonenumber would read letters as a vanity number; a code request never means that.
      throw new InvalidNumberException(
          "must contain only digits after the + (spaces, dots, dashes and parentheses are ignored)");
    }
    PhoneNumber number;
    try {
      number = UTIL.parse(trimmed, null);
    } catch (NumberParseException e) {
      throw new InvalidNumberException("is not a phone number: " + describe(e));
    }
    // What isValidNumber does, keeping the region for the answer: for +1, finding it means trying
    // the 25 regions that share the code (getNumberType finds it once more).
    String region = UTIL.getRegionCodeForNumber(number);
    if (!UTIL.isValidNumberForRegion(number, region)) {
      throw new InvalidNumberException(
          "is not a valid number for its country (no such number range is assigned)");
    }
    PhoneNumberType type = UTIL.getNumberType(number);
    if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
      throw new InvalidNumberException(
          "is a " + describe(type) + " number; one-time codes go only to mobile numbers");
    }
    String e164 = UTIL.format(number, PhoneNumberFormat.E164);
    return new Destination(e164, region);
  }

  private static String describe(PhoneNumberType type) {
    return switch (type) {
      case FIXED_LINE -> "landline";
      case VOIP -> "VoIP";
      case PREMIUM_RATE -> "premium-rate";
      case TOLL_FREE -> "toll-free";
      case SHARED_COST -> "shared-cost";
      case PERSONAL_NUMBER -> "personal (forwarding)";
      case PAGER -> "pager";
      case UAN -> "universal access (UAN)";
      case VOICEMAIL -> "voicemail";
      default -> "non-mobile (type unknown)";
    };
  }

  private static String describe(NumberParseException e) {
    return switch (e.getErrorType()) {
      case INVALID_COUNTRY_CODE -> "the country code is not assigned";
      case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "too short";
      case TOO_LONG -> "too long";
      default -> "it contains characters that are not digits";
    };
  }

  /** Thrown for a number a code cannot or must not be sent to. */
  public static final class InvalidNumberException extends RuntimeException {
    public InvalidNumberException(String message) {
      super(message);
    }
  }
}
