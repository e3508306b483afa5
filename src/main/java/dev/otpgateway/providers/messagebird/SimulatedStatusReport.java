package dev.otpgateway.providers.messagebird;

import dev.otpgateway.providers.simulator.SimulatedMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The parameters of a simulated MessageBird status report, form-encoded in the alphabetical order
 * of MessageBird's 2023 capture (nyaruka/courier {@code
 * handlers/messagebird/testdata/incoming.json}): {@code datacoding, id, mccmnc, messageLength,
 * messagePartCount, ported, price[amount], price[currency], recipient, reference, status,
 * statusDatetime}, then {@code statusErrorCode} and {@code statusReason}.
 */
final class SimulatedStatusReport {
  private SimulatedStatusReport() {}

  static String form(
      SimulatedMessage message,
      SimulatedMessages.Message stored,
      long msisdn,
      String status,
      Instant at) {
    boolean plain = stored == null || "plain".equals(stored.datacoding());
    StringBuilder form = new StringBuilder(320);
    field(form, "datacoding", plain ? "plain" : "unicode");
    field(form, "id", message.id());
    if (message.to().startsWith("+1")) {
      field(form, "mccmnc", "310010");
    }
    field(form, "messageLength", Integer.toString(message.body().length()));
    field(form, "messagePartCount", Integer.toString(stored == null ? 1 : stored.parts()));
    field(form, "ported", "0");
    field(form, "price[amount]", "0.0070");
    field(form, "price[currency]", "USD");
    field(form, "recipient", Long.toString(msisdn));
    field(form, "reference", message.reference());
    field(form, "status", status);
    field(form, "statusDatetime", SimulatedMessages.format(at));
    if ("delivery_failed".equals(status)) {
      // GSM MAP "unknown subscriber", the usual cause of a failed SMS.
      field(form, "statusErrorCode", "1");
      field(form, "statusReason", "unknown subscriber");
    } else {
      field(form, "statusReason", "successfully delivered");
    }
    return form.toString();
  }

  private static void field(StringBuilder form, String name, String value) {
    if (!form.isEmpty()) {
      form.append('&');
    }
    form.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
