package dev.otpgateway.api;

import dev.otpgateway.otp.CodeGenerator;
import dev.otpgateway.otp.DisplayText;
import dev.otpgateway.otp.MessageTemplates;
import dev.otpgateway.tenancy.CallbackTargetPolicy;
import dev.otpgateway.tenancy.TenantBudget;
import dev.otpgateway.tenancy.TenantFraud;
import dev.otpgateway.tenancy.TenantLimits;
import dev.otpgateway.tenancy.TenantPatch;
import dev.otpgateway.tenancy.TenantSimSwap;
import dev.otpgateway.tenancy.TenantSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads admin tenant bodies (create, and merge-patch update) into validated values. */
public final class TenantRequests {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Pattern SAFE_ENTRY = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final Pattern MONEY = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,4})?");
  private static final List<BigDecimal> DEFAULT_ALERTS =
      List.of(new BigDecimal("0.5"), new BigDecimal("0.8"), new BigDecimal("1.0"));

  private TenantRequests() {}

  static TenantSpec create(JsonFields f, CallbackTargetPolicy callbackTargets) {
    String id =
        f.text(
            "id",
            true,
            63,
            ID,
            "1 to 63 lower-case letters, digits, - or _, starting with a letter or digit");
    TenantSpec spec = spec(f, id, callbackTargets);
    f.finish();
    return spec;
  }

  /** A tenant declared in the config file: the create fields plus the hash of its key. */
  public record Declared(TenantSpec spec, String apiKeySha256) {}

  /** Reads one tenant entry of the config file; throws a 400-kind problem naming bad fields. */
  public static Declared declared(
      com.fasterxml.jackson.databind.JsonNode node, CallbackTargetPolicy callbackTargets) {
    return declared(JsonFields.of(node), callbackTargets);
  }

  static Declared declared(JsonFields f, CallbackTargetPolicy callbackTargets) {
    String id = f.text("id", true, 63, ID, "1 to 63 lower-case letters, digits, - or _");
    String hash =
        f.text(
            "api_key_sha256",
            true,
            64,
            Pattern.compile("[0-9a-f]{64}"),
            "64 lower-case hex digits (sha256 of the key)");
    TenantSpec spec = spec(f, id, callbackTargets);
    f.finish();
    return new Declared(spec, hash);
  }

  private static TenantSpec spec(JsonFields f, String id, CallbackTargetPolicy callbackTargets) {
    String name = name(f);
    var countries = countries(f);
    TenantLimits defaults = TenantLimits.DEFAULTS;
    JsonFields limits = f.object("limits");
    TenantLimits l = defaults;
    if (limits != null) {
      l = limits(limits, defaults);
    }
    Map<String, String> templates = templates(f);
    String callback = callbackUrl(f, callbackTargets);
    TenantBudget budget = budget(f);
    TenantFraud fraud = fraud(f);
    TenantSimSwap simSwap = simSwap(f);
    return new TenantSpec(
        id,
        name,
        countries,
        l,
        templates == null ? Map.of() : templates,
        callback,
        budget,
        fraud,
        simSwap);
  }

  /**
   * The fraud guard's settings: {@code mode} block (default), record_only or off; a {@code
   * safe_list} of E.164 numbers or prefixes (a plus and 2 to 15 digits); {@code allow_bypass}.
   */
  private static TenantFraud fraud(JsonFields f) {
    JsonFields g = f.object("fraud");
    if (g == null) {
      return null;
    }
    String mode = g.oneOf("mode", List.of("block", "record_only", "off"), "block");
    List<String> safe =
        g.textList(
            "safe_list", 1_000, SAFE_ENTRY, "E.164 numbers or prefixes: + and 2 to 15 digits");
    boolean bypass = g.bool("allow_bypass", false);
    return new TenantFraud(
        TenantFraud.Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
        safe == null ? List.of() : safe,
        bypass);
  }

  /**
   * The SIM-swap check: {@code check} off, high_risk (default) or always; {@code max_age_days} 1 to
   * 30 (default 7); {@code on_lookup_error} allow (default) or refuse.
   */
  private static TenantSimSwap simSwap(JsonFields f) {
    JsonFields s = f.object("sim_swap");
    if (s == null) {
      return null;
    }
    String check = s.oneOf("check", List.of("off", "high_risk", "always"), "high_risk");
    Integer maxAge = s.integer("max_age_days", 1, TenantSimSwap.MAX_AGE_DAYS_LIMIT, 7);
    String onError = s.oneOf("on_lookup_error", List.of("allow", "refuse"), "allow");
    return new TenantSimSwap(
        TenantSimSwap.Check.valueOf(check.toUpperCase(Locale.ROOT)),
        maxAge,
        TenantSimSwap.OnLookupError.valueOf(onError.toUpperCase(Locale.ROOT)));
  }

  /**
   * A budget: {@code monthly_usd} as a decimal string, {@code alert_at} shares of it in ascending
   * order (default 0.5, 0.8, 1.0), and {@code action} alert (default) or block.
   */
  private static TenantBudget budget(JsonFields f) {
    JsonFields b = f.object("budget");
    if (b == null) {
      return null;
    }
    String monthly =
        b.text(
            "monthly_usd",
            true,
            16,
            MONEY,
            "a positive amount in USD as a string, e.g. \"500.00\" (at most 4 decimals)");
    BigDecimal amount = monthly == null ? null : new BigDecimal(monthly);
    if (amount != null && amount.signum() <= 0) {
      b.error("monthly_usd", "must be more than 0");
      amount = null;
    }
    List<BigDecimal> shares = b.decimals("alert_at", 10);
    if (shares == null && !b.has("alert_at")) {
      shares = DEFAULT_ALERTS;
    } else if (shares != null) {
      for (int i = 0; i < shares.size(); i++) {
        BigDecimal share = shares.get(i);
        if (share.signum() <= 0 || share.compareTo(BigDecimal.TEN) > 0 || share.scale() > 4) {
          b.error("alert_at", "must hold shares of the budget above 0 and at most 10, e.g. 0.8");
          shares = null;
          break;
        }
        if (i > 0 && share.compareTo(shares.get(i - 1)) <= 0) {
          b.error("alert_at", "must be in ascending order without repeats");
          shares = null;
          break;
        }
      }
    }
    String action = b.oneOf("action", List.of("alert", "block"), "alert");
    return amount == null || shares == null
        ? null
        : new TenantBudget(
            amount, shares, TenantBudget.Action.valueOf(action.toUpperCase(Locale.ROOT)));
  }

  static TenantPatch patch(JsonFields f, CallbackTargetPolicy callbackTargets) {
    String name = name(f);
    boolean clearCountries = f.isExplicitNull("allowed_countries");
    var countries = clearCountries ? null : countries(f);
    JsonFields limits = f.object("limits");
    Integer perDestination = null;
    Integer rps = null;
    Integer codeLength = null;
    Integer ttl = null;
    if (limits != null) {
      perDestination =
          limits.integer(
              "per_destination_per_hour", 1, TenantLimits.MAX_PER_DESTINATION_PER_HOUR, null);
      rps = limits.integer("requests_per_second", 1, TenantLimits.MAX_REQUESTS_PER_SECOND, null);
      codeLength =
          limits.integer("code_length", CodeGenerator.MIN_DIGITS, CodeGenerator.MAX_DIGITS, null);
      ttl =
          limits.integer(
              "code_ttl_seconds",
              TenantLimits.MIN_CODE_TTL_SECONDS,
              TenantLimits.MAX_CODE_TTL_SECONDS,
              null);
    }
    Map<String, String> templates = templates(f);
    boolean clearCallback = f.isExplicitNull("status_callback_url");
    String callback = clearCallback ? null : callbackUrl(f, callbackTargets);
    boolean clearBudget = f.isExplicitNull("budget");
    TenantBudget budget = clearBudget ? null : budget(f);
    TenantFraud fraud = fraud(f);
    TenantSimSwap simSwap = simSwap(f);
    f.finish();
    return new TenantPatch(
        name,
        countries,
        clearCountries,
        perDestination,
        rps,
        codeLength,
        ttl,
        templates,
        callback,
        clearCallback,
        budget,
        clearBudget,
        fraud,
        simSwap);
  }

  private static java.util.List<String> countries(JsonFields f) {
    var countries =
        f.textList("allowed_countries", 250, COUNTRY, "ISO 3166 alpha-2 codes such as US or DE");
    if (countries != null) {
      for (String c : countries) {
        if (!ISO_COUNTRIES.contains(c)) {
          f.error("allowed_countries", "holds " + c + ", which is not an ISO 3166 country code");
        }
      }
    }
    return countries;
  }

  private static TenantLimits limits(JsonFields l, TenantLimits d) {
    return new TenantLimits(
        l.integer(
            "per_destination_per_hour",
            1,
            TenantLimits.MAX_PER_DESTINATION_PER_HOUR,
            d.perDestinationPerHour()),
        l.integer(
            "requests_per_second", 1, TenantLimits.MAX_REQUESTS_PER_SECOND, d.requestsPerSecond()),
        l.integer(
            "code_length", CodeGenerator.MIN_DIGITS, CodeGenerator.MAX_DIGITS, d.codeLength()),
        l.integer(
            "code_ttl_seconds",
            TenantLimits.MIN_CODE_TTL_SECONDS,
            TenantLimits.MAX_CODE_TTL_SECONDS,
            d.codeTtlSeconds()));
  }

  /** How messages name the app: it reaches handsets, so it must show exactly as written. */
  private static String name(JsonFields f) {
    String name = f.text("name", false, 40, null, null);
    String problem = name == null ? null : DisplayText.problemWithName(name);
    if (problem != null) {
      f.error("name", problem);
      return null;
    }
    return name;
  }

  private static Map<String, String> templates(JsonFields f) {
    Map<String, String> templates =
        f.textMap("templates", LANGUAGE, "a language code such as en", 320);
    if (templates != null) {
      templates.forEach(
          (language, text) -> {
            String problem =
                MessageTemplates.isKnownLanguage(language)
                    ? MessageTemplates.problemWith(text)
                    : "is keyed by " + language + ", which is not an ISO 639 language code";
            if (problem == null) {
              problem = DisplayText.problemWithMessage(text);
            }
            if (problem != null) {
              f.error("templates." + language, problem);
            }
          });
    }
    return templates;
  }

  private static String callbackUrl(JsonFields f, CallbackTargetPolicy callbackTargets) {
    String url = f.text("status_callback_url", false, 2048, null, null);
    if (url == null) {
      return null;
    }
    String problem = callbackTargets.problemWithUrl(url);
    if (problem != null) {
      f.error("status_callback_url", problem);
      return null;
    }
    return url;
  }
}
