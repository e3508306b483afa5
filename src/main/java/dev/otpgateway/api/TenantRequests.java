package dev.otpgateway.api;

import dev.otpgateway.otp.CodeGenerator;
import dev.otpgateway.otp.MessageTemplates;
import dev.otpgateway.tenancy.TenantBudget;
import dev.otpgateway.tenancy.TenantLimits;
import dev.otpgateway.tenancy.TenantPatch;
import dev.otpgateway.tenancy.TenantSpec;
import java.math.BigDecimal;
import java.net.URI;
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
  private static final Pattern MONEY = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,4})?");
  private static final List<BigDecimal> DEFAULT_ALERTS =
      List.of(new BigDecimal("0.5"), new BigDecimal("0.8"), new BigDecimal("1.0"));

  private TenantRequests() {}

  static TenantSpec create(JsonFields f) {
    String id =
        f.text(
            "id",
            true,
            63,
            ID,
            "1 to 63 lower-case letters, digits, - or _, starting with a letter or digit");
    TenantSpec spec = spec(f, id);
    f.finish();
    return spec;
  }

  /** A tenant declared in the config file: the create fields plus the hash of its key. */
  public record Declared(TenantSpec spec, String apiKeySha256) {}

  /** Reads one tenant entry of the config file; throws a 400-kind problem naming bad fields. */
  public static Declared declared(com.fasterxml.jackson.databind.JsonNode node) {
    return declared(JsonFields.of(node));
  }

  static Declared declared(JsonFields f) {
    String id = f.text("id", true, 63, ID, "1 to 63 lower-case letters, digits, - or _");
    String hash =
        f.text(
            "api_key_sha256",
            true,
            64,
            Pattern.compile("[0-9a-f]{64}"),
            "64 lower-case hex digits (sha256 of the key)");
    TenantSpec spec = spec(f, id);
    f.finish();
    return new Declared(spec, hash);
  }

  private static TenantSpec spec(JsonFields f, String id) {
    String name = f.text("name", false, 40, null, null);
    var countries = countries(f);
    TenantLimits defaults = TenantLimits.DEFAULTS;
    JsonFields limits = f.object("limits");
    TenantLimits l = defaults;
    if (limits != null) {
      l = limits(limits, defaults);
    }
    Map<String, String> templates = templates(f);
    String callback = callbackUrl(f);
    TenantBudget budget = budget(f);
    return new TenantSpec(
        id, name, countries, l, templates == null ? Map.of() : templates, callback, budget);
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

  static TenantPatch patch(JsonFields f) {
    String name = f.text("name", false, 40, null, null);
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
    String callback = clearCallback ? null : callbackUrl(f);
    boolean clearBudget = f.isExplicitNull("budget");
    TenantBudget budget = clearBudget ? null : budget(f);
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
        clearBudget);
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

  private static Map<String, String> templates(JsonFields f) {
    Map<String, String> templates =
        f.textMap("templates", LANGUAGE, "a language code such as en", 320);
    if (templates != null) {
      templates.forEach(
          (language, text) -> {
            String problem = MessageTemplates.problemWith(text);
            if (problem != null) {
              f.error("templates." + language, problem);
            }
          });
    }
    return templates;
  }

  private static String callbackUrl(JsonFields f) {
    String url = f.text("status_callback_url", false, 2048, null, null);
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url);
      boolean https = "https".equals(uri.getScheme());
      boolean loopbackHttp =
          "http".equals(uri.getScheme())
              && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
      if ((https || loopbackHttp) && uri.getHost() != null) {
        return url;
      }
    } catch (java.net.URISyntaxException e) {
      // falls through to the error below
    }
    f.error("status_callback_url", "must be an https URL (http only for localhost)");
    return null;
  }
}
