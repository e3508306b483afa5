package dev.otpgateway.providers.sinch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.DeliveryReceipt.Status;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How Sinch's delivery report statuses read as the gateway's receipts. */
class SinchDeliveryReportsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest(name = "{0} with code {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "Delivered,  0,   DELIVERED, null",
        "Dispatched, 401, SENT,      null",
        "Unknown,    0,   SENT,      null",
        "Failed,     404, FAILED,    404",
        "Expired,    406, FAILED,    406",
        "Rejected,   408, FAILED,    408",
        "Aborted,    412, FAILED,    412",
        "Cancelled,  407, FAILED,    407",
        "Deleted,    0,   FAILED,    0",
      })
  void reads_each_status(String sinchStatus, int code, Status expected, String errorCode) {
    List<DeliveryReceipt> read = read(report(sinchStatus, code));

    assertThat(read)
        .containsExactly(
            new DeliveryReceipt(
                "ver_1.1",
                "01FC66621XXXXX119Z8PMV1QPQ",
                expected,
                errorCode,
                Instant.parse("2022-08-30T08:16:08.930Z")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Queued", "SomethingNew"})
  void states_the_gateway_does_not_track_give_no_receipt(String sinchStatus) {
    assertThat(read(report(sinchStatus, 400))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"delivery_report_sms", "mo_text", "recipient_delivery_report_mms"})
  void other_callbacks_give_no_receipt(String type) {
    assertThat(read(report("Delivered", 0).put("type", type))).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void without_timestamps_the_receipt_is_dated_on_arrival() {
    JsonObject report = report("Delivered", 0);
    report.remove("at");
    report.remove("operator_status_at");

    assertThat(read(report).get(0).at()).isEqualTo(CLOCK.instant());
  }

  @org.junit.jupiter.api.Test
  void a_report_without_client_reference_still_names_the_batch() {
    JsonObject report = report("Delivered", 0);
    report.remove("client_reference");

    DeliveryReceipt receipt = read(report).get(0);

    assertThat(receipt.reference()).isNull();
    assertThat(receipt.providerMessageId()).isEqualTo("01FC66621XXXXX119Z8PMV1QPQ");
  }

  /** Shaped like sinch-sdk-java's RecipientDeliveryReportSMSDto.json. */
  private static JsonObject report(String status, int code) {
    return new JsonObject()
        .put("type", "recipient_delivery_report_sms")
        .put("batch_id", "01FC66621XXXXX119Z8PMV1QPQ")
        .put("recipient", "+44231235674")
        .put("code", code)
        .put("status", status)
        .put("at", "2022-08-30T08:16:08.930Z")
        .put("operator", "operator")
        .put("client_reference", "ver_1.1")
        .put("number_of_message_parts", 1)
        .put("operator_status_at", "2022-08-30T08:16:08.150Z");
  }

  private static List<DeliveryReceipt> read(JsonObject report) {
    return SinchDeliveryReports.read(report.encode().getBytes(StandardCharsets.UTF_8), CLOCK);
  }
}
