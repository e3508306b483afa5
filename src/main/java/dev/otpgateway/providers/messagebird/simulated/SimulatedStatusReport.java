package dev.otpgateway.providers.messagebird.simulated;

import dev.otpgateway.providers.simulator.FormBody;
import dev.otpgateway.providers.simulator.SimulatedMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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
    Map<String, String> form = new LinkedHashMap<>();
    form.put("datacoding", plain ? "plain" : "unicode");
    form.put("id", message.id());
    if (message.to().startsWith("+1")) {
      form.put("mccmnc", "310010");
    }
    form.put("messageLength", Integer.toString(message.body().length()));
    form.put("messagePartCount", Integer.toString(stored == null ? 1 : stored.parts()));
    form.put("ported", "0");
    form.put("price[amount]", "0.0070");
    form.put("price[currency]", "USD");
    form.put("recipient", Long.toString(msisdn));
    form.put("reference", message.reference());
    form.put("status", status);
    form.put("statusDatetime", SimulatedMessages.format(at));
    if ("delivery_failed".equals(status)) {
      // GSM MAP "unknown subscriber", the usual cause of a failed SMS.
      form.put("statusErrorCode", "1");
      form.put("statusReason", "unknown subscriber");
    } else {
      form.put("statusReason", "successfully delivered");
    }
    return FormBody.encode(form);
  }
}
