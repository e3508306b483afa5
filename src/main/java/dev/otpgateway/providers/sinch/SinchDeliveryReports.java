package dev.otpgateway.providers.sinch;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.DeliveryReceipt.Status;
import dev.otpgateway.providers.WebhookRejectedException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads Sinch's per-recipient delivery report callback ({@code type:
 * recipient_delivery_report_sms}; fields as in sinch-sdk-java openapi-contracts
 * .../deliveryreports/RecipientDeliveryReportSMSDto.json). Statuses follow sinch-sdk-java
 * DeliveryStatus: Queued and Dispatched are intermediate, the rest final. Batch reports and inbound
 * messages carry nothing the gateway tracks per message and read as no receipt.
 */
final class SinchDeliveryReports {
  static final String RECIPIENT_REPORT = "recipient_delivery_report_sms";

  private SinchDeliveryReports() {}

  static List<DeliveryReceipt> read(byte[] body, Clock clock) {
    JsonObject report;
    try {
      report = new JsonObject(Buffer.buffer(body));
    } catch (RuntimeException notJson) {
      throw WebhookRejectedException.forged("the callback body is not a JSON object");
    }
    if (!RECIPIENT_REPORT.equals(report.getValue("type"))) {
      return List.of();
    }
    if (!(report.getValue("batch_id") instanceof String batchId) || batchId.isBlank()) {
      throw WebhookRejectedException.forged("a recipient delivery report without batch_id");
    }
    Optional<Status> status = status(report.getValue("status"));
    if (status.isEmpty()) {
      return List.of();
    }
    Object reference = report.getValue("client_reference");
    Object code = report.getValue("code");
    return List.of(
        new DeliveryReceipt(
            reference instanceof String s ? s : null,
            batchId,
            status.get(),
            status.get() == Status.FAILED && code != null ? String.valueOf(code) : null,
            when(report, clock)));
  }

  /**
   * Sinch's status in our terms; empty for states the gateway does not track (Queued: still inside
   * Sinch, nothing has happened yet).
   */
  static Optional<Status> status(Object value) {
    if (!(value instanceof String s)) {
      return Optional.empty();
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "delivered" -> Optional.of(Status.DELIVERED);
      case "failed", "expired", "rejected", "aborted", "cancelled", "deleted" ->
          Optional.of(Status.FAILED);
      // Unknown is final at Sinch (handed to the SMSC, no receipt came back): it went out, and
      // the region's delivery timeout decides what happens next.
      case "dispatched", "unknown" -> Optional.of(Status.SENT);
      default -> Optional.empty();
    };
  }

  /**
   * Sinch's own millisecond timestamp {@code at}; {@code operator_status_at} comes from the SMSC
   * and is often truncated to the minute, which would put delivery before sending.
   */
  private static Instant when(JsonObject report, Clock clock) {
    for (String field : new String[] {"at", "operator_status_at"}) {
      if (report.getValue(field) instanceof String text) {
        try {
          return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
          // try the next field
        }
      }
    }
    return clock.instant();
  }
}
