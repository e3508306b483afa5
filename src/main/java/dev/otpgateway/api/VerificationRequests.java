package dev.otpgateway.api;

import dev.otpgateway.numbers.Destination;
import dev.otpgateway.numbers.PhoneNumbers;
import dev.otpgateway.otp.DisplayText;
import dev.otpgateway.otp.MessageTemplates;
import dev.otpgateway.otp.Transaction;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.verification.StartCommand;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads start and check bodies into validated commands, naming every bad field. */
final class VerificationRequests {
  static final List<String> PUSH_STATES = List.of("disabled", "failed", "timeout", "pending");
  static final int MIN_ACK_TIMEOUT_MS = 1_000;
  static final int MAX_ACK_TIMEOUT_MS = 60_000;
  static final int DEFAULT_ACK_TIMEOUT_MS = 5_000;

  private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
  private static final Pattern APP_HASH = Pattern.compile("[A-Za-z0-9+/]{11}");
  private static final Pattern DOMAIN =
      Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
  private static final Pattern REF = Pattern.compile("[\\x21-\\x7e]{1,128}");
  private static final Pattern AMOUNT = Pattern.compile("(0|[1-9][0-9]{0,11})(\\.[0-9]{1,4})?");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern CODE = Pattern.compile("[0-9]{4,10}");

  private VerificationRequests() {}

  /**
   * Reads a start (or preview) body.
   *
   * @param tenantTemplates the tenant's own templates: with the built-in ones, the languages its
   *     {@code locale} may resolve to
   */
  static StartCommand start(JsonFields f, Map<String, String> tenantTemplates) {
    String to = f.text("to", true, 32, null, null);
    Destination destination = null;
    if (to != null) {
      try {
        destination = PhoneNumbers.parse(to);
      } catch (PhoneNumbers.InvalidNumberException e) {
        f.error("to", e.getMessage());
      }
    }
    boolean pushPending = false;
    int ackTimeout = DEFAULT_ACK_TIMEOUT_MS;
    JsonFields push = f.object("push");
    if (push != null) {
      String status = push.oneOf("status", PUSH_STATES, null);
      if (status == null && !push.has("status")) {
        push.error("status", "is required: one of " + String.join(", ", PUSH_STATES));
      }
      pushPending = "pending".equals(status);
      if (push.has("ack_timeout_ms") && !pushPending) {
        push.error("ack_timeout_ms", "applies only when push.status is pending");
      }
      ackTimeout =
          push.integer(
              "ack_timeout_ms", MIN_ACK_TIMEOUT_MS, MAX_ACK_TIMEOUT_MS, DEFAULT_ACK_TIMEOUT_MS);
    }
    Risk risk =
        Risk.valueOf(f.oneOf("risk", List.of("low", "high"), "low").toUpperCase(Locale.ROOT));
    ChannelPreference channel =
        ChannelPreference.valueOf(
            f.oneOf("channel", List.of("auto", "sms", "rcs"), "auto").toUpperCase(Locale.ROOT));
    String locale = locale(f, tenantTemplates);
    String appHash =
        f.text("app_hash", false, 11, APP_HASH, "the 11-character Android SMS Retriever app hash");
    String domain =
        f.text(
            "web_otp_domain", false, 253, DOMAIN, "a lower-case host name, e.g. app.example.com");
    boolean consent = f.bool("consent", false);
    String userRef = f.text("user_ref", false, 128, REF, "1 to 128 printable ASCII characters");
    String deviceId = f.text("device_id", false, 128, REF, "1 to 128 printable ASCII characters");
    Transaction transaction = transaction(f);
    boolean fraudCheck = f.bool("fraud_check", true);
    f.finish();
    return new StartCommand(
        destination,
        pushPending,
        ackTimeout,
        risk,
        channel,
        locale,
        appHash,
        domain,
        consent,
        userRef,
        deviceId,
        transaction,
        fraudCheck);
  }

  /** A check: the code, and the transaction when the verification approves one. */
  record Check(String code, Transaction transaction) {
    String binding() {
      return transaction == null ? "" : transaction.canonical();
    }
  }

  static Check check(JsonFields f) {
    String code = f.text("code", true, 10, CODE, "4 to 10 digits");
    Transaction transaction = transaction(f);
    f.finish();
    return new Check(code, transaction);
  }

  /** The language that will serve the requested locale; a locale nothing serves is an error. */
  private static String locale(JsonFields f, Map<String, String> tenantTemplates) {
    String tag = f.text("locale", false, 35, LOCALE, "a BCP 47 language tag, e.g. en or pt-BR");
    if (tag == null) {
      return f.has("locale") ? null : MessageTemplates.DEFAULT_LOCALE;
    }
    String language = MessageTemplates.resolve(tag, tenantTemplates);
    if (language == null) {
      f.error(
          "locale",
          "has no message template; supported: "
              + String.join(", ", MessageTemplates.supported(tenantTemplates)));
    }
    return language;
  }

  /**
   * The payment, in canonical form (see {@link Transaction#of}), so the start and its check bind
   * the code to the same text however each writes the amount. The payee must show on the handset
   * exactly as it reads here ({@link DisplayText}).
   */
  private static Transaction transaction(JsonFields f) {
    JsonFields t = f.object("transaction");
    if (t == null) {
      return null;
    }
    String amount =
        t.text("amount", true, 17, AMOUNT, "a decimal amount as a string, e.g. \"49.90\"");
    String currency = t.text("currency", true, 3, CURRENCY, "an ISO 4217 code, e.g. EUR");
    if (currency != null && !Transaction.CURRENCIES.contains(currency)) {
      t.error("currency", "is not the ISO 4217 code of a currency in use, e.g. EUR, USD, GBP");
      currency = null;
    }
    String payee = t.text("payee", true, 64, null, null);
    if (payee != null) {
      String problem =
          DisplayText.problemWithName(Normalizer.normalize(payee, Normalizer.Form.NFC));
      if (problem != null) {
        t.error("payee", problem);
        payee = null;
      }
    }
    if (amount == null || currency == null || payee == null) {
      return null;
    }
    try {
      return Transaction.of(amount, currency, payee);
    } catch (IllegalArgumentException e) {
      t.error("amount", e.getMessage());
      return null;
    }
  }
}
