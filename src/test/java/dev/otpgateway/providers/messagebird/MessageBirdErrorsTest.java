package dev.otpgateway.providers.messagebird;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.ProviderException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How MessageBird's error answers are classified, and the send call's JSON. */
class MessageBirdErrorsTest {

  @ParameterizedTest(name = "HTTP {0}, code {1} on {2} is {3}")
  @CsvSource({
    // the number or the text: no other provider will do better
    "422, 9, recipients, PERMANENT, http_422_9",
    "422, 10, recipients, PERMANENT, http_422_10",
    "422, 9, body, PERMANENT, http_422_9",
    "422, 10, body, PERMANENT, http_422_10",
    // our account, credentials or configuration at MessageBird: another provider can take it
    "401, 2, access_key, RETRYABLE, http_401_2",
    "422, 9, originator, RETRYABLE, http_422_9",
    "422, 10, originator, RETRYABLE, http_422_10",
    "422, 10, reference, RETRYABLE, http_422_10",
    "422, 10, reportUrl, RETRYABLE, http_422_10",
    "402, 25, , RETRYABLE, http_402_25",
    "422, 25, , RETRYABLE, http_422_25",
    "404, 98, , RETRYABLE, http_404_98",
    // MessageBird's health
    "500, 99, , RETRYABLE, http_500_99",
    "503, 99, , RETRYABLE, http_503_99",
    "429, 21, , RETRYABLE, http_429_21",
    // the generic code leaves it to the status
    "400, 21, , PERMANENT, http_400_21",
    "422, 77, , PERMANENT, http_422_77",
  })
  void classifies_by_code_and_parameter_then_status(
      int status, int code, String parameter, FailureKind kind, String reason) {
    ProviderException e = MessageBirdErrors.classify(status, errorBody(code, parameter));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.provider()).isEqualTo("messagebird");
  }

  @ParameterizedTest(name = "HTTP {0} without MessageBird's error body is {1}")
  @CsvSource({"503, RETRYABLE", "502, RETRYABLE", "429, RETRYABLE", "400, PERMANENT"})
  void falls_back_to_the_status_without_an_error_body(int status, FailureKind kind) {
    assertThat(MessageBirdErrors.classify(status, Buffer.buffer("<html>Bad gateway</html>")).kind())
        .isEqualTo(kind);
    assertThat(MessageBirdErrors.classify(status, Buffer.buffer()).kind()).isEqualTo(kind);
  }

  @Test
  void keeps_messagebirds_description_out_of_the_exception() {
    Buffer body =
        new JsonObject(
                "{\"errors\":[{\"code\":9,\"description\":\"phone number +12025550123 has unknown"
                    + " format\",\"parameter\":\"recipients\"}]}")
            .toBuffer();

    ProviderException e = MessageBirdErrors.classify(422, body);

    assertThat(e.getMessage()).doesNotContain("12025550123").contains("error 9 on recipients");
  }

  @Test
  void writes_the_send_request_messagebird_expects() {
    OutboundMessage message =
        new OutboundMessage(
            "ver_1.1",
            "+12025550123",
            "Code: 123456\n\"quoted\" \\ back\u0001 ünïcode ✓",
            "Acme",
            "https://gw.example.com/webhooks/messagebird",
            Duration.ofMinutes(5));

    JsonObject json = new JsonObject(MessageBirdJson.sendRequest(message));

    assertThat(json)
        .isEqualTo(
            new JsonObject()
                .put("recipients", new io.vertx.core.json.JsonArray().add("12025550123"))
                .put("originator", "Acme")
                .put("body", message.body())
                .put("reference", "ver_1.1")
                .put("reportUrl", "https://gw.example.com/webhooks/messagebird")
                .put("validity", 300));
  }

  @Test
  void leaves_out_the_report_url_when_the_message_has_none_and_rounds_validity_up_to_a_second() {
    OutboundMessage message =
        new OutboundMessage("ver_2.1", "+12025550123", "x", "Acme", null, Duration.ofMillis(10));

    JsonObject json = new JsonObject(MessageBirdJson.sendRequest(message));

    assertThat(json.containsKey("reportUrl")).isFalse();
    assertThat(json.getInteger("validity")).isEqualTo(1);
  }

  @Test
  void reads_id_and_parts_from_messagebirds_answer() {
    // messagebird/go-rest-api sms/testdata/messageObject.json, with two parts
    String answer =
        "{\"body\":\"Hello World\",\"createdDatetime\":\"2022-01-05T10:02:59+00:00\","
            + "\"datacoding\":\"plain\",\"direction\":\"mt\",\"gateway\":239,"
            + "\"href\":\"https://rest.messagebird.com/messages/6fe65f90454aa61536e6a88b88972670\","
            + "\"id\":\"6fe65f90454aa61536e6a88b88972670\",\"mclass\":1,\"originator\":\"TestName\","
            + "\"recipients\":{\"items\":[{\"recipient\":31612345678,\"status\":\"sent\","
            + "\"statusDatetime\":\"2022-01-05T10:02:59+00:00\",\"messagePartCount\":2}],"
            + "\"totalCount\":1,\"totalDeliveredCount\":0,\"totalDeliveryFailedCount\":0,"
            + "\"totalSentCount\":1},\"reference\":null,\"scheduledDatetime\":null,\"type\":\"sms\","
            + "\"typeDetails\":{},\"validity\":null}";

    assertThat(MessageBirdJson.readAccepted(Buffer.buffer(answer)))
        .isEqualTo(new Accepted("6fe65f90454aa61536e6a88b88972670", 2));
  }

  @Test
  void an_answer_without_an_id_is_unreadable() {
    assertThat(MessageBirdJson.readAccepted(Buffer.buffer("{\"recipients\":{}}"))).isNull();
    assertThat(MessageBirdJson.readAccepted(Buffer.buffer("[1,2]"))).isNull();
    assertThat(MessageBirdJson.readAccepted(Buffer.buffer("{\"id\":"))).isNull();
    assertThat(MessageBirdJson.readAccepted(Buffer.buffer("{\"id\":\"abc\"}")))
        .isEqualTo(new Accepted("abc", 0));
  }

  private static Buffer errorBody(int code, String parameter) {
    JsonObject error =
        new JsonObject().put("code", code).put("description", "x").put("parameter", parameter);
    return new JsonObject().put("errors", new io.vertx.core.json.JsonArray().add(error)).toBuffer();
  }
}
