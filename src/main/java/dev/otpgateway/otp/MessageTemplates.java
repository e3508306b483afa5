package dev.otpgateway.otp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text a person receives. Built-in templates cover en, de, fr, es, pt and hi; a tenant may
 * override any of them or add a language. The Latin-script templates are worded to stay inside the
 * GSM-7 alphabet, so a code costs one segment rather than three UCS-2 ones.
 *
 * <p>A start's {@code locale} is matched by RFC 4647 lookup (the BCP 47 fallback) against the
 * languages that have a template, built-in or the tenant's: {@code pt-BR} is served by {@code pt},
 * {@code de-CH-1996} by {@code de}. A locale nothing matches is refused, naming what is supported,
 * rather than silently sent in English; no locale means English.
 */
public final class MessageTemplates {
  public static final String DEFAULT_LOCALE = "en";
  public static final List<String> LOCALES = List.of("en", "de", "fr", "es", "pt", "hi");
  public static final Set<String> PLACEHOLDERS =
      Set.of("app", "code", "minutes", "amount", "currency", "payee");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

  /** Anything in braces: a tenant template may use no placeholder but the known ones. */
  private static final Pattern BRACED = Pattern.compile("\\{([^{}]{0,40})}");

  private static final Map<String, String> LOGIN =
      Map.of(
          "en", "Your {app} code is {code}. It expires in {duration}. Don't share it.",
          "de", "Ihr {app}-Code lautet {code}. Er ist {duration} gültig. Nicht weitergeben.",
          "fr", "Votre code {app} est {code}. Il expire dans {duration}. Ne le partagez pas.",
          "es", "Tu clave de {app} es {code}. Caduca en {duration}. No la compartas.",
          "pt", "Sua senha {app} é {code}. Expira em {duration}. Nunca a compartilhe.",
          "hi", "{app} कोड {code} है। {duration} तक मान्य। किसी को न बताएं।");

  /**
   * The built-in templates' word for minutes, singular and plural: {@code {duration}} reads "1
   * minute", "5 minutes". Tenant templates keep {@code {minutes}}, the bare number.
   */
  private static final Map<String, List<String>> MINUTE =
      Map.of(
          "en", List.of("minute", "minutes"),
          "de", List.of("Minute", "Minuten"),
          "fr", List.of("minute", "minutes"),
          "es", List.of("minuto", "minutos"),
          "pt", List.of("minuto", "minutos"),
          "hi", List.of("मिनट", "मिनट"));

  private static final Map<String, String> PAYMENT =
      Map.of(
          "en", "Your {app} code to pay {currency} {amount} to {payee} is {code}. Don't share it.",
          "de",
              "Ihr {app}-Code für {currency} {amount} an {payee} lautet {code}. Nicht weitergeben.",
          "fr", "Votre code {app} pour payer {currency} {amount} à {payee} est {code}.",
          "es", "Tu clave de {app} para pagar {currency} {amount} a {payee} es {code}.",
          "pt", "Sua senha {app} para pagar {currency} {amount} a {payee} é {code}.",
          "hi", "{payee} को {currency} {amount} भुगतान के लिए {app} कोड {code} है।");

  private MessageTemplates() {}

  /**
   * The language whose template serves {@code localeTag}: by RFC 4647 lookup among the built-in
   * languages and the tenant's; English when no locale was asked for; null when nothing matches.
   */
  public static String resolve(String localeTag, Map<String, String> tenantTemplates) {
    if (localeTag == null) {
      return DEFAULT_LOCALE;
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(localeTag);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return Locale.lookupTag(ranges, supported(tenantTemplates));
  }

  /** The languages with a template for this tenant, sorted. */
  public static List<String> supported(Map<String, String> tenantTemplates) {
    Set<String> all = new TreeSet<>(LOCALES);
    all.addAll(tenantTemplates.keySet());
    return List.copyOf(all);
  }

  /**
   * The language a stored verification is rendered in. Its locale was resolved when it started; a
   * tenant template removed since then falls back to English rather than failing a resend.
   */
  public static String language(String resolved, Map<String, String> tenantTemplates) {
    if (resolved != null
        && (tenantTemplates.containsKey(resolved) || LOGIN.containsKey(resolved))) {
      return resolved;
    }
    String fallback = resolve(resolved, tenantTemplates);
    return fallback == null ? DEFAULT_LOCALE : fallback;
  }

  /**
   * Whether a tenant template may be keyed by this code: a language the JDK's locale data names.
   */
  public static boolean isKnownLanguage(String code) {
    Locale locale = new Locale.Builder().setLanguage(code).build();
    return !locale.getDisplayLanguage(Locale.ENGLISH).equalsIgnoreCase(code);
  }

  /**
   * Loads what checking and rendering messages reads from the JDK the first time (currency data,
   * Unicode character names, locale display names), so no request pays for it on an event loop.
   */
  public static void warmUp() {
    Transaction.CURRENCIES.size();
    DisplayText.problemWithName("Acme\u202eLtd");
    isKnownLanguage("sv");
    resolve("pt-BR", Map.of());
  }

  /** Returns why a tenant's template is unusable, or null when it is fine. */
  public static String problemWith(String template) {
    if (template.isBlank()) {
      return "must not be blank";
    }
    if (template.length() > 320) {
      return "must be at most 320 characters, but had " + template.length();
    }
    if (!template.contains("{code}")) {
      return "must contain the {code} placeholder";
    }
    Matcher m = BRACED.matcher(template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        return "has an unknown placeholder {" + m.group(1) + "}; allowed: " + PLACEHOLDERS;
      }
    }
    return null;
  }

  /** Renders the message for one verification. */
  public static String render(MessageRequest r) {
    String template;
    if (r.transaction() != null) {
      String custom = r.tenantTemplates().get(r.language());
      boolean customNamesPayment =
          custom != null && custom.contains("{amount}") && custom.contains("{payee}");
      template =
          customNamesPayment ? custom : PAYMENT.getOrDefault(r.language(), PAYMENT.get("en"));
    } else {
      template =
          r.tenantTemplates()
              .getOrDefault(r.language(), LOGIN.getOrDefault(r.language(), LOGIN.get("en")));
    }
    StringBuilder body = new StringBuilder(fill(template, r));
    if (r.webOtpDomain() != null) {
      // WebOTP reads the last line "@origin #code"; the SMS Retriever wants the app hash at the
      // very end, so when both are asked for the hash closes that same last line.
      body.append("\n\n@").append(r.webOtpDomain()).append(" #").append(r.code());
      if (r.appHash() != null) {
        body.append(' ').append(r.appHash());
      }
    } else if (r.appHash() != null) {
      body.append('\n').append(r.appHash());
    }
    return body.toString();
  }

  private static String fill(String template, MessageRequest r) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 16);
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "app" -> r.appName();
            case "code" -> r.code();
            case "minutes" -> Integer.toString(r.minutes());
            case "duration" -> duration(r.language(), r.minutes());
            case "amount" -> r.transaction() == null ? "" : r.transaction().amount();
            case "currency" -> r.transaction() == null ? "" : r.transaction().currency();
            case "payee" -> r.transaction() == null ? "" : r.transaction().payee();
            default -> m.group();
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String duration(String language, int minutes) {
    List<String> words = MINUTE.getOrDefault(language, MINUTE.get(DEFAULT_LOCALE));
    return minutes + " " + words.get(minutes == 1 ? 0 : 1);
  }

  /** Everything a message says. */
  public record MessageRequest(
      String language,
      String appName,
      String code,
      int minutes,
      Transaction transaction,
      String appHash,
      String webOtpDomain,
      Map<String, String> tenantTemplates) {}
}
