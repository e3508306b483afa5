package dev.otpgateway.providers.twilio.simulated;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The simulated Twilio Lookup v2 ({@code GET https://lookups.twilio.com/v2/PhoneNumbers/{number}},
 * {@code https://www.twilio.com/docs/lookup/v2-api}; the response examples of the Lookups v2
 * OpenAPI description, twilio-oai {@code spec/json/twilio_lookups_v2.json}): the free basic lookup
 * (formats and validity, from libphonenumber as Twilio's own validation reads numbers), and the
 * {@code sim_swap} package ({@code https://www.twilio.com/docs/lookup/v2-api/sim-swap}).
 *
 * <p>SIM swap answers in both of Twilio's documented forms. For a number the control API names in
 * {@code sim_swapped}, the carrier knows the date: {@code last_sim_swap_date} is that long ago,
 * {@code swapped_period} is the time since, and {@code swapped_in_period} is true. For any other
 * number nothing changed within the simulated account's {@link #ACCOUNT_SWAPPED_PERIOD}: no date,
 * that period, and {@code swapped_in_period} false. The packages the simulated account has not
 * bought answer null, as Twilio answers for data it does not have.
 */
final class TwilioLookups {
  /**
   * The {@code SwappedPeriod} Twilio asks an account to configure at onboarding, for carriers that
   * give no swap date: seven days, the gateway's default {@code max_age_days}.
   */
  static final Duration ACCOUNT_SWAPPED_PERIOD = Duration.ofDays(7);

  /** The data packages of a PhoneNumber resource, in the order Twilio answers with them. */
  private static final List<String> PACKAGES =
      List.of(
          "caller_name",
          "sim_swap",
          "call_forwarding",
          "line_status",
          "line_type_intelligence",
          "identity_match",
          "reassigned_number",
          "sms_pumping_risk",
          "phone_number_quality_score",
          "pre_fill");

  /** What {@code Fields} may name: every package, and {@code validation}. */
  private static final Set<String> FIELDS =
      Stream.concat(Stream.of("validation"), PACKAGES.stream()).collect(Collectors.toSet());

  private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

  private TwilioLookups() {}

  /**
   * The packages a {@code Fields} value asks for.
   *
   * @throws IllegalArgumentException naming a package Twilio does not have
   */
  static Set<String> packages(String fields) {
    Set<String> asked = new LinkedHashSet<>();
    if (fields == null || fields.isBlank()) {
      return asked;
    }
    for (String field : fields.split(",")) {
      String name = field.strip();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("Invalid parameter: Fields");
      }
      asked.add(name);
    }
    return asked;
  }

  /** The E.164 form of the number Twilio would look up, or null when it is not one. */
  static String e164(String number, String countryCode) {
    PhoneNumber parsed = parse(number, countryCode);
    return parsed == null ? null : PHONE_NUMBERS.format(parsed, PhoneNumberFormat.E164);
  }

  /**
   * The PhoneNumber resource for a lookup.
   *
   * @param countryCode the {@code CountryCode} parameter, for a number in national format
   * @param swapped the numbers whose SIM changed, and how long ago
   */
  static JsonObject answer(
      String number,
      String countryCode,
      Set<String> packages,
      Map<String, Duration> swapped,
      Instant now) {
    PhoneNumber parsed = parse(number, countryCode);
    boolean valid = parsed != null && PHONE_NUMBERS.isValidNumber(parsed);
    String e164 = valid ? PHONE_NUMBERS.format(parsed, PhoneNumberFormat.E164) : number;
    JsonObject answer =
        new JsonObject()
            .put("calling_country_code", valid ? Integer.toString(parsed.getCountryCode()) : null)
            .put("country_code", valid ? PHONE_NUMBERS.getRegionCodeForNumber(parsed) : null)
            .put("phone_number", e164)
            .put(
                "national_format",
                valid ? PHONE_NUMBERS.format(parsed, PhoneNumberFormat.NATIONAL) : null)
            .put("valid", valid)
            .put(
                "validation_errors",
                valid ? null : new JsonArray().add(validationError(number, countryCode, parsed)));
    for (String name : PACKAGES) {
      boolean simSwap = name.equals("sim_swap") && valid && packages.contains(name);
      answer.put(name, simSwap ? simSwap(swapped.get(e164), now) : null);
    }
    return answer.put("url", "https://lookups.twilio.com/v2/PhoneNumbers/" + e164);
  }

  private static JsonObject simSwap(Duration ago, Instant now) {
    JsonObject last =
        ago == null
            ? new JsonObject()
                .put("last_sim_swap_date", null)
                .put("swapped_period", ACCOUNT_SWAPPED_PERIOD.toString())
                .put("swapped_in_period", false)
            : new JsonObject()
                .put(
                    "last_sim_swap_date", now.minus(ago).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("swapped_period", ago.toString())
                .put("swapped_in_period", true);
    return new JsonObject()
        .put("last_sim_swap", last)
        .put("carrier_name", null)
        .put("mobile_country_code", null)
        .put("mobile_network_code", null)
        .put("error_code", null);
  }

  private static PhoneNumber parse(String number, String countryCode) {
    try {
      return PHONE_NUMBERS.parse(number, region(number, countryCode));
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** The region a national number is read in: {@code CountryCode}, which defaults to US. */
  private static String region(String number, String countryCode) {
    return number.startsWith("+") ? null : countryCode == null ? "US" : countryCode;
  }

  /** Twilio's reason a number is not valid (its {@code validation_errors} values). */
  private static String validationError(String number, String countryCode, PhoneNumber parsed) {
    if (parsed == null) {
      try {
        PHONE_NUMBERS.parse(number, region(number, countryCode));
      } catch (NumberParseException e) {
        return switch (e.getErrorType()) {
          case INVALID_COUNTRY_CODE -> "INVALID_COUNTRY_CODE";
          case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "TOO_SHORT";
          case TOO_LONG -> "TOO_LONG";
          default -> "NOT_A_NUMBER";
        };
      }
      return "NOT_A_NUMBER";
    }
    ValidationResult possible = PHONE_NUMBERS.isPossibleNumberWithReason(parsed);
    return switch (possible) {
      case TOO_SHORT -> "TOO_SHORT";
      case TOO_LONG -> "TOO_LONG";
      case INVALID_LENGTH -> "INVALID_LENGTH";
      case INVALID_COUNTRY_CODE -> "INVALID_COUNTRY_CODE";
      default -> "INVALID_BUT_POSSIBLE";
    };
  }
}
