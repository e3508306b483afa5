package dev.otpgateway.providers.sinch.simulated;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A text batch the simulated Sinch API accepted, and its JSON as Sinch returns it (sinch-sdk-java
 * openapi-contracts .../batches/response/TextResponseDto.json and
 * ListBatchesResponseDtoPage0.json).
 *
 * @param to the recipients as the request gave them
 * @param sendAt when to send, or null for now
 * @param callbackUrl the batch's own callback URL, or null for the plan's default
 * @param clientReference the sender's reference, or null
 */
record SimulatedBatch(
    String id,
    List<String> to,
    String from,
    String body,
    String deliveryReport,
    Instant sendAt,
    Instant expireAt,
    String callbackUrl,
    String clientReference,
    Instant createdAt) {

  /** Sinch's timestamps: ISO-8601 in UTC with milliseconds, e.g. 2023-11-03T15:21:21.113Z. */
  static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  SimulatedBatch {
    to = List.copyOf(to);
  }

  /** Whether it asked for a callback per recipient (every status, or only the final one). */
  boolean perRecipientReports() {
    return deliveryReport.equals("per_recipient") || deliveryReport.equals("per_recipient_final");
  }

  JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id)
            .put("to", new JsonArray(to))
            .put("from", from)
            .put("canceled", false)
            .put("body", body)
            .put("type", "mt_text")
            .put("created_at", ISO_MILLIS.format(createdAt))
            .put("modified_at", ISO_MILLIS.format(createdAt))
            .put("delivery_report", deliveryReport);
    if (sendAt != null) {
      json.put("send_at", ISO_MILLIS.format(sendAt));
    }
    json.put("expire_at", ISO_MILLIS.format(expireAt));
    if (callbackUrl != null) {
      json.put("callback_url", callbackUrl);
    }
    if (clientReference != null) {
      json.put("client_reference", clientReference);
    }
    return json.put("feedback_enabled", false).put("flash_message", false);
  }
}
