package dev.otpgateway.providers.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.rest.api.v2010.account.Message;
import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Deciding from a listing whether Twilio took this attempt, as Twilio's own JSON shows it. */
class TwilioLookupTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:30Z");
  private static final Instant STARTED = Instant.parse("2026-03-01T12:00:10Z");
  private static final String BODY = "Your Acme code is 123456.";
  private static final OutboundMessage MESSAGE =
      new OutboundMessage(
          "ver_1.2",
          "+12025550101",
          BODY,
          "Acme",
          "https://gw.example.com/webhooks/twilio",
          Duration.ofMinutes(5));

  private static Message resource(String sid, String body, String created, String direction) {
    String json =
        new io.vertx.core.json.JsonObject()
            .put("sid", sid)
            .put("to", "+12025550101")
            .put("from", "Acme")
            .put("body", body)
            .put("direction", direction)
            .put("status", "queued")
            .put("num_segments", "1")
            .put("date_created", created)
            .putNull("date_sent")
            .encode();
    return Message.fromJson(json, new ObjectMapper());
  }

  private static Message outbound(String sid, String body, String created) {
    return resource(sid, body, created, "outbound-api");
  }

  @Test
  void finds_the_attempts_message_even_before_twilio_sent_it() {
    List<Message> page = List.of(outbound("SMb", BODY, "Sun, 01 Mar 2026 12:00:11 +0000"));

    Accepted found = TwilioLookup.decide(page, true, MESSAGE, Optional.of(STARTED), NOW);

    assertThat(found).isEqualTo(new Accepted("SMb", 1));
  }

  @Test
  void allows_for_twilios_clock_and_its_whole_seconds() {
    List<Message> page = List.of(outbound("SMb", BODY, "Sun, 01 Mar 2026 12:00:09 +0000"));

    assertThat(
            TwilioLookup.decide(page, true, MESSAGE, Optional.of(STARTED), NOW).providerMessageId())
        .isEqualTo("SMb");
  }

  @Test
  void an_earlier_send_of_the_same_code_is_not_this_attempt() {
    List<Message> page = List.of(outbound("SMa", BODY, "Sun, 01 Mar 2026 11:58:00 +0000"));

    assertFailure(
        () -> TwilioLookup.decide(page, true, MESSAGE, Optional.of(STARTED), NOW),
        FailureKind.RETRYABLE,
        "not_found");
  }

  @Test
  void of_two_after_the_start_the_first_is_the_attempts() {
    List<Message> page =
        List.of(
            outbound("SMlater", BODY, "Sun, 01 Mar 2026 12:00:25 +0000"),
            outbound("SMfirst", BODY, "Sun, 01 Mar 2026 12:00:12 +0000"));

    assertThat(
            TwilioLookup.decide(page, true, MESSAGE, Optional.of(STARTED), NOW).providerMessageId())
        .isEqualTo("SMfirst");
  }

  @Test
  void another_text_or_an_inbound_message_does_not_match() {
    List<Message> page =
        List.of(
            outbound("SMother", "Your Acme code is 999999.", "Sun, 01 Mar 2026 12:00:11 +0000"),
            resource("SMin", BODY, "Sun, 01 Mar 2026 12:00:11 +0000", "inbound"));

    assertFailure(
        () -> TwilioLookup.decide(page, true, MESSAGE, Optional.of(STARTED), NOW),
        FailureKind.RETRYABLE,
        "not_found");
  }

  @Test
  void an_incomplete_listing_cannot_say_not_found() {
    assertFailure(
        () -> TwilioLookup.decide(List.of(), false, MESSAGE, Optional.of(STARTED), NOW),
        FailureKind.AMBIGUOUS,
        "lookup_incomplete");
  }

  @Test
  void an_attempt_of_unknown_start_is_ambiguous_on_a_match_and_sure_of_none() {
    List<Message> recent = List.of(outbound("SMb", BODY, "Sun, 01 Mar 2026 11:57:00 +0000"));
    List<Message> old = List.of(outbound("SMa", BODY, "Sun, 01 Mar 2026 11:50:00 +0000"));

    assertFailure(
        () -> TwilioLookup.decide(recent, true, MESSAGE, Optional.empty(), NOW),
        FailureKind.AMBIGUOUS,
        "lookup_unattributable");
    assertFailure(
        () -> TwilioLookup.decide(old, true, MESSAGE, Optional.empty(), NOW),
        FailureKind.RETRYABLE,
        "not_found");
  }

  private static void assertFailure(Runnable decision, FailureKind kind, String reason) {
    assertThatThrownBy(decision::run)
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.reason()).isEqualTo(reason);
            });
  }
}
