package dev.otpgateway.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.delivery.Candidate;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.OtpKeys;
import dev.otpgateway.otp.Transaction;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.routing.BreakerState;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.ConversionEvidence;
import dev.otpgateway.routing.Exploration;
import dev.otpgateway.routing.ProviderStatus;
import dev.otpgateway.routing.RcsCapability;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.routing.RouteReason;
import dev.otpgateway.testing.Routes;
import dev.otpgateway.verification.CheckResult.Outcome;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VerificationTest {
  static final CodeHasher HASHER = new CodeHasher(OtpKeys.derive(new byte[32]));
  static final long T0 = 1_700_000_000_000L;
  static final Verification.Route ROUTE = Routes.messagebirdInUs("sha256:" + "ab".repeat(32));
  static final RecordedDecision DECISION =
      new RecordedDecision(
          "US",
          Risk.LOW,
          ChannelPreference.AUTO,
          false,
          RcsCapability.UNANSWERED,
          1,
          "acme",
          true,
          Map.of(
              "twilio",
              new ProviderStatus(BreakerState.CLOSED, 0.98, 120, 850.5),
              "messagebird",
              ProviderStatus.UNOBSERVED),
          Map.of("messagebird", 1_234L),
          "us",
          ROUTE.rulesVersion(),
          List.of(
              new RecordedDecision.Choice("messagebird", Channel.SMS),
              new RecordedDecision.Choice("twilio", Channel.SMS)),
          List.of(new RecordedDecision.Left("rbm", Channel.RCS, "not_rcs_capable")),
          null,
          List.of(new RecordedDecision.Left("sinch", Channel.SMS, "already_tried")),
          new RecordedDecision.ConversionInputs(
              Map.of(
                  "messagebird/sms",
                  new ConversionEvidence(41.5, 52.25),
                  "twilio/sms",
                  new ConversionEvidence(3, 7.125)),
              Map.of(Channel.SMS, new ConversionEvidence(812.75, 1003.5)),
              new Exploration(0.05, -4_611_686_018_427_387_904L)));

  /** A new verification that is sending its first message, with its start's events published. */
  static Verification sending(String code) {
    Verification v =
        Verification.start(
            new Verification.Draft(
                "ver_a",
                "acme",
                new Destination("+12025550123", "US"),
                new Verification.Request(
                    "en", null, null, null, Risk.LOW, ChannelPreference.AUTO, false, "u-1", null),
                HASHER.hash("ver_a", code, ""),
                new byte[] {1},
                T0,
                T0 + 300_000,
                T0 + 300_000 + 600_000,
                0,
                candidates(3),
                new BigDecimal("0.0075"),
                ROUTE));
    v.stampUnpublished("member-1", T0);
    return v;
  }

  /** A verification whose first message messagebird accepted. */
  static Verification live(String code) {
    Verification v = sending(code);
    v.recordSend(send(T0 + 1, accepted(1, SendTrigger.INITIAL)));
    v.stampUnpublished("member-1", T0 + 1);
    return v;
  }

  static byte[] attempt(String code) {
    return HASHER.hash("ver_a", code, "");
  }

  /** The events a change emitted: what the store hands to the stream. */
  static List<Event> emitted(Verification v, long now) {
    return v.stampUnpublished("member-1", now);
  }

  static List<EventType> types(List<Event> events) {
    return events.stream().map(Event::type).toList();
  }

  @Test
  void a_copy_only_one_side_of_a_split_has_is_kept_once_it_sent() {
    assertThat(Verification.survivesAlone(sending("123456")))
        .as("sending its first message, nothing accepted: a start nobody was answered for")
        .isFalse();
    assertThat(Verification.survivesAlone(live("123456"))).as("a message went out").isTrue();
  }

  @Test
  void a_start_emits_started_and_a_held_one_pending_push_too() {
    Verification v =
        Verification.start(
            new Verification.Draft(
                "ver_b",
                "acme",
                new Destination("+12025550123", "US"),
                new Verification.Request(
                    null, null, null, null, Risk.LOW, ChannelPreference.AUTO, false, null, null),
                HASHER.hash("ver_b", "123456", ""),
                new byte[] {1},
                T0,
                T0 + 305_000,
                T0 + 305_000 + 600_000,
                T0 + 5_000,
                List.of(),
                new BigDecimal("0.0075"),
                ROUTE));

    List<Event> events = emitted(v, T0);

    assertThat(types(events)).containsExactly(EventType.STARTED, EventType.PENDING_PUSH);
    assertThat(events).extracting(Event::id).containsExactly("ver_b:1", "ver_b:2");
    assertThat(events.get(1).status()).isEqualTo("pending_push");
    assertThat(events.get(0).region()).isEqualTo("us");
    assertThat(v.status()).isEqualTo(VerificationStatus.PENDING_PUSH);
  }

  @Test
  void the_right_code_approves_once_and_credits_the_message_it_came_in() {
    Verification v = live("123456");

    assertThat(v.check(attempt("123456"), T0 + 5_000).outcome()).isEqualTo(Outcome.APPROVED);
    List<Event> approved = emitted(v, T0 + 5_000);
    assertThat(v.status()).isEqualTo(VerificationStatus.APPROVED);
    assertThat(v.check(attempt("123456"), T0 + 6_000).outcome())
        .isEqualTo(Outcome.NO_LONGER_USABLE);

    assertThat(types(approved)).containsExactly(EventType.APPROVED);
    Event e = approved.get(0);
    assertThat(e.provider()).isEqualTo("messagebird");
    assertThat(e.channel()).isEqualTo(Channel.SMS);
    assertThat(e.latencyMs()).isEqualTo(4_999);
    assertThat(e.status()).isEqualTo("approved");
    assertThat(types(emitted(v, T0 + 6_000))).containsExactly(EventType.CHECK_FAILED);
  }

  @Test
  void after_a_failover_the_approval_is_credited_to_the_message_that_reached_the_person() {
    Verification v = live("123456");
    v.applyReceipt(1, "messagebird", DeliveryState.FAILED, T0 + 2, T0 + 2);
    emitted(v, T0 + 2);
    int second = begin(v, T0 + 3, 1, false);
    Attempt twilio =
        new Attempt(
            second,
            "twilio",
            Channel.SMS,
            SendTrigger.FAILOVER_FAILURE_RECEIPT,
            true,
            null,
            null,
            "SM-" + second,
            T0 + 3,
            DeliveryState.PENDING,
            0,
            new BigDecimal("0.0075"),
            1,
            0.1,
            T0 + 60_003);
    v.recordSend(
        new Verification.SendRecord(
            List.of(twilio),
            ROUTE,
            DECISION,
            new BigDecimal("0.0075"),
            "messagebird",
            T0 + 3,
            second,
            false));
    emitted(v, T0 + 3);

    assertThat(v.check(attempt("123456"), T0 + 9_003).outcome()).isEqualTo(Outcome.APPROVED);
    Event approved = emitted(v, T0 + 9_003).get(0);
    assertThat(approved.type()).isEqualTo(EventType.APPROVED);
    assertThat(approved.provider()).as("the route credited").isEqualTo("twilio");
    assertThat(approved.latencyMs()).as("from the message it came in").isEqualTo(9_000);
  }

  @Test
  void wrong_codes_count_down_and_the_fifth_kills_it() {
    Verification v = live("123456");
    for (int left = 4; left >= 1; left--) {
      CheckResult r = v.check(attempt("000000"), T0 + 1);
      assertThat(r.outcome()).isEqualTo(Outcome.WRONG_CODE);
      assertThat(r.attemptsLeft()).isEqualTo(left);
      Event e = emitted(v, T0 + 1).get(0);
      assertThat(e.type()).isEqualTo(EventType.CHECK_FAILED);
      assertThat(e.outcome()).isEqualTo("wrong_code");
      assertThat(e.attemptsLeft()).isEqualTo(left);
    }

    assertThat(v.check(attempt("000000"), T0 + 1).outcome()).isEqualTo(Outcome.TOO_MANY_ATTEMPTS);
    Event killed = emitted(v, T0 + 1).get(0);
    assertThat(killed.outcome()).isEqualTo("too_many_attempts");
    assertThat(killed.status()).isEqualTo("failed");
    assertThat(v.status()).isEqualTo(VerificationStatus.FAILED);
    assertThat(v.check(attempt("123456"), T0 + 1).outcome()).isEqualTo(Outcome.TOO_MANY_ATTEMPTS);
  }

  @Test
  void a_resend_does_not_reset_the_failure_count() {
    Verification v = live("123456");
    v.check(attempt("000000"), T0 + 1);
    v.check(attempt("000000"), T0 + 1);

    int first = begin(v, T0 + 2, 3, true);

    assertThat(first).isEqualTo(4);
    assertThat(v.nextAttempt()).isEqualTo(7);
    assertThat(v.sends()).isEqualTo(2);
    assertThat(v.check(attempt("000000"), T0 + 3).attemptsLeft()).isEqualTo(2);
  }

  @Test
  void a_resend_spends_money_and_says_it_was_a_resend() {
    Verification v = live("123456");
    int first = begin(v, T0 + 2, 1, true);

    v.recordSend(send(T0 + 3, accepted(first, SendTrigger.RESEND)));

    List<Event> events = emitted(v, T0 + 3);
    assertThat(types(events)).containsExactly(EventType.SENT, EventType.RESENT);
    assertThat(events.get(0).outcome()).isEqualTo("resend");
    assertThat(events.get(0).priceUsd()).isEqualByComparingTo("0.0070");
    assertThat(v.priceUsd()).isEqualByComparingTo("0.0140");
    assertThat(v.billedSegments()).isEqualTo(2);
  }

  @Test
  void an_expired_code_is_expired_even_when_right_and_the_sweep_records_it_once() {
    Verification v = live("123456");

    assertThat(v.check(attempt("123456"), T0 + 300_000).outcome()).isEqualTo(Outcome.EXPIRED);
    assertThat(v.visibleStatus(T0 + 300_000)).isEqualTo("expired");
    assertThat(begin(v, T0 + 300_000, 1, true)).isZero();
    emitted(v, T0 + 300_000);

    assertThat(v.expire(T0 + 299_999)).isFalse();
    assertThat(v.expire(T0 + 301_000)).isTrue();
    assertThat(v.expire(T0 + 302_000)).isFalse();
    List<Event> events = emitted(v, T0 + 302_000);
    assertThat(types(events)).containsExactly(EventType.EXPIRED);
    assertThat(v.status()).isEqualTo(VerificationStatus.EXPIRED);
    assertThat(v.endReason()).isEqualTo(EndReason.EXPIRED);
    assertThat(v.check(attempt("123456"), T0 + 303_000).outcome()).isEqualTo(Outcome.EXPIRED);
  }

  @Test
  void a_canceled_verification_sends_and_approves_nothing() {
    Verification v = live("123456");

    assertThat(v.cancel(T0 + 1)).isTrue();
    assertThat(types(emitted(v, T0 + 1))).containsExactly(EventType.CANCELED);
    assertThat(v.cancel(T0 + 2)).isTrue();
    assertThat(emitted(v, T0 + 2)).isEmpty();
    assertThat(begin(v, T0 + 3, 1, true)).isZero();
    assertThat(v.check(attempt("123456"), T0 + 4).outcome()).isEqualTo(Outcome.CANCELED);
  }

  @Test
  void an_approved_verification_cannot_be_canceled() {
    Verification v = live("123456");
    v.check(attempt("123456"), T0 + 1);

    assertThat(v.cancel(T0 + 2)).isFalse();
    assertThat(v.status()).isEqualTo(VerificationStatus.APPROVED);
  }

  @Test
  void receipts_only_move_an_attempt_forward() {
    Verification v = live("123456");

    assertThat(v.applyReceipt(1, "twilio", DeliveryState.DELIVERED, T0 + 2, T0 + 2))
        .isEqualTo(Verification.ReceiptEffect.IGNORED);
    assertThat(v.applyReceipt(1, "messagebird", DeliveryState.DELIVERED, T0 + 2, T0 + 900))
        .isEqualTo(Verification.ReceiptEffect.APPLIED);
    assertThat(v.status()).isEqualTo(VerificationStatus.DELIVERED);
    assertThat(v.applyReceipt(1, "messagebird", DeliveryState.FAILED, T0 + 3, T0 + 3))
        .isEqualTo(Verification.ReceiptEffect.IGNORED);
    assertThat(v.applyReceipt(1, "messagebird", DeliveryState.DELIVERED, T0 + 4, T0 + 4))
        .isEqualTo(Verification.ReceiptEffect.IGNORED);
    assertThat(v.applyReceipt(99, "messagebird", DeliveryState.DELIVERED, T0 + 4, T0 + 4))
        .isEqualTo(Verification.ReceiptEffect.IGNORED);
    assertThat(v.attempt(1).delivery()).isEqualTo(DeliveryState.DELIVERED);
    List<Event> events = emitted(v, T0 + 900);
    assertThat(types(events)).containsExactly(EventType.DELIVERED);
    assertThat(events.get(0).latencyMs()).isEqualTo(899);
  }

  @Test
  void a_receipt_that_overtakes_the_record_of_its_send_is_asked_to_come_back() {
    Verification v = live("123456");
    int first = begin(v, T0, 2, true);

    assertThat(v.applyReceipt(first, "messagebird", DeliveryState.DELIVERED, T0 + 1, T0 + 1))
        .isEqualTo(Verification.ReceiptEffect.NOT_YET);
    v.recordSend(send(T0 + 2, accepted(first, SendTrigger.RESEND)));
    assertThat(v.applyReceipt(first, "messagebird", DeliveryState.DELIVERED, T0 + 3, T0 + 3))
        .isEqualTo(Verification.ReceiptEffect.APPLIED);
  }

  @Test
  void a_send_where_every_provider_failed_fails_a_sending_verification() {
    Verification v = sending("123456");

    v.recordSend(send(T0 + 1, failed(1, "twilio"), failed(2, "sinch")));

    assertThat(v.status()).isEqualTo(VerificationStatus.FAILED);
    assertThat(v.endReason()).isEqualTo(EndReason.ALL_PROVIDERS_FAILED);
    List<Event> events = emitted(v, T0 + 1);
    assertThat(types(events))
        .containsExactly(EventType.SEND_FAILED, EventType.FAILOVER, EventType.SEND_FAILED);
    assertThat(events.get(0).status()).isEqualTo("failed");
    assertThat(events.get(0).detail()).containsEntry("failure", "retryable");
    assertThat(events.get(1).detail()).containsEntry("from", "twilio");
    assertThat(events.get(1).provider()).isEqualTo("sinch");
    assertThat(events.get(1).outcome()).isEqualTo("http_503");
    assertThat(v.priceUsd()).isEqualByComparingTo("0");
  }

  @Test
  void a_send_records_each_try_in_order_with_the_price_and_the_decision_of_the_one_accepted() {
    Verification v = sending("123456");

    v.recordSend(send(T0 + 1, failed(1, "twilio"), accepted(2, SendTrigger.INITIAL)));

    List<Event> events = emitted(v, T0 + 1);
    assertThat(types(events))
        .containsExactly(EventType.SEND_FAILED, EventType.FAILOVER, EventType.SENT);
    Event sent = events.get(2);
    assertThat(sent.priceUsd()).isEqualByComparingTo("0.0070");
    assertThat(sent.baselineUsd()).isEqualByComparingTo("0.0075");
    assertThat(sent.carbonGrams()).isEqualTo(0.1);
    assertThat(sent.decision()).isEqualTo(DECISION);
    assertThat(sent.rulesVersion()).isEqualTo(ROUTE.rulesVersion());
    assertThat(sent.outcome()).isEqualTo("initial");
    assertThat(sent.status()).isEqualTo("sent");
  }

  @Test
  void a_failover_says_which_provider_it_left_and_why() {
    Verification v = live("123456");
    v.applyReceipt(1, "messagebird", DeliveryState.FAILED, T0 + 2, T0 + 2);
    emitted(v, T0 + 2);
    int first = begin(v, T0 + 3, 1, false);

    v.recordSend(
        new Verification.SendRecord(
            List.of(accepted(first, SendTrigger.FAILOVER_FAILURE_RECEIPT)),
            ROUTE,
            DECISION,
            new BigDecimal("0.0075"),
            "messagebird",
            T0 + 3,
            first,
            false));

    List<Event> events = emitted(v, T0 + 3);
    assertThat(types(events)).containsExactly(EventType.FAILOVER, EventType.SENT);
    assertThat(events.get(0).detail()).containsEntry("from", "messagebird");
    assertThat(events.get(0).outcome()).isEqualTo("failure_receipt");
    assertThat(events.get(1).outcome()).isEqualTo("failover:failure_receipt");
  }

  @Test
  void events_are_numbered_in_the_order_they_happen_and_stay_in_the_outbox_for_a_while() {
    Verification v = live("123456");
    v.check(attempt("123456"), T0 + 2);
    emitted(v, T0 + 2);

    assertThat(v.outbox())
        .extracting(o -> o.event().id())
        .containsExactly("ver_a:1", "ver_a:2", "ver_a:3");
    assertThat(v.outbox()).allMatch(o -> "member-1".equals(o.publisher()));

    v.stampUnpublished("member-1", T0 + 2 + Verification.OUTBOX_HORIZON_MILLIS + 1);
    assertThat(v.outbox()).isEmpty();
  }

  @Test
  void events_a_ledger_wrote_leave_the_outbox_by_their_numbers_and_no_others() {
    Verification v = live("123456");
    v.check(attempt("123456"), T0 + 2);
    List<Event> approval = emitted(v, T0 + 2);
    List<Event> firstTwo =
        v.outbox().subList(0, 2).stream().map(Verification.Outboxed::event).toList();

    long numbers = Verification.numbersOf("ver_a", firstTwo);
    assertThat(numbers).isEqualTo(1L << 1 | 1L << 2);
    assertThat(v.dropWritten(numbers)).isEqualTo(2);
    assertThat(v.outbox()).extracting(o -> o.event().id()).containsExactly("ver_a:3");
    assertThat(Verification.numbersOf("ver_a", approval)).isEqualTo(1L << 3);

    List<Event> others =
        Stream.of("ver_ab:3", "ver_a:64", "ver_a:x", "ver_a:", "ver_a3")
            .map(id -> Event.builder(id, EventType.APPROVED, T0 + 2, "acme").build())
            .toList();
    assertThat(Verification.numbersOf("ver_a", others))
        .as("another verification's, past the bits, not numbered")
        .isZero();
    assertThat(v.dropWritten(0)).isZero();
    assertThat(v.outbox()).hasSize(1);
  }

  @Test
  void a_departed_members_recent_events_are_adopted_and_published_again_under_their_ids() {
    Verification v = live("123456");
    Set<String> survivors = Set.of("member-2");

    assertThat(v.hasOrphanedEvents(survivors, T0 + 10)).isTrue();
    assertThat(v.adopt(survivors, T0 + 10)).isEqualTo(2);
    List<Event> again = v.stampUnpublished("member-2", T0 + 10);

    assertThat(again).extracting(Event::id).containsExactly("ver_a:1", "ver_a:2");
    assertThat(v.hasOrphanedEvents(survivors, T0 + 10)).isFalse();
    assertThat(v.outbox()).allMatch(o -> "member-2".equals(o.publisher()));
    assertThat(
            v.hasOrphanedEvents(Set.of("member-3"), T0 + Verification.OUTBOX_HORIZON_MILLIS + 20))
        .isFalse();
  }

  @Test
  void after_a_split_brain_the_copy_that_ended_wins() {
    Verification used = live("123456");
    used.check(attempt("123456"), T0 + 1);
    Verification stale = live("123456");

    assertThat(Verification.mergeSurvivor(stale, used)).isSameAs(used);
    assertThat(Verification.mergeSurvivor(used, stale)).isSameAs(used);

    Verification moreFailures = live("123456");
    moreFailures.check(attempt("000000"), T0 + 1);
    assertThat(Verification.mergeSurvivor(live("123456"), moreFailures)).isSameAs(moreFailures);
  }

  @Test
  void the_codec_keeps_every_field_and_the_outbox() {
    Verification v =
        Verification.start(
            new Verification.Draft(
                "ver_c",
                "acme",
                new Destination("+12025550123", "US"),
                new Verification.Request(
                    "de",
                    "FA+9qCX9VSu",
                    "app.example.com",
                    new Transaction("49.90", "EUR", "Acme Ltd"),
                    Risk.HIGH,
                    ChannelPreference.SMS,
                    true,
                    "u-1",
                    "d-9"),
                new byte[] {1, 2, 3},
                new byte[] {4, 5},
                T0,
                T0 + 305_000,
                T0 + 305_000 + 600_000,
                T0 + 5_000,
                List.of(),
                new BigDecimal("0.0075"),
                ROUTE));
    v.stampUnpublished("member-1", T0);
    begin(v, T0 + 5_000, 2, true);
    v.recordSend(send(T0 + 5_001, failed(2, "twilio"), accepted(3, SendTrigger.INITIAL)));
    v.applyReceipt(3, "messagebird", DeliveryState.DELIVERED, T0 + 5_100, T0 + 5_200);
    v.check(attempt("000000"), T0 + 6_000);

    Verification copy = VerificationCodec.decode(v.id(), VerificationCodec.encode(v));

    assertThat(copy).usingRecursiveComparison().isEqualTo(v);
    assertThat(copy.outbox()).hasSize(7);
    assertThat(VerificationCodec.outboxSize(VerificationCodec.encode(v))).isEqualTo(7);
    assertThat(VerificationCodec.outboxNewestAt(VerificationCodec.encode(v))).isEqualTo(T0 + 6_000);
    assertThat(VerificationCodec.expiresAt(VerificationCodec.encode(v))).isEqualTo(T0 + 305_000);
    assertThat(VerificationCodec.status(VerificationCodec.encode(v)))
        .isEqualTo(VerificationStatus.DELIVERED);
  }

  /** A verification whose first message was accepted under this provider message id. */
  private static Verification sentAs(String messageId) {
    Verification v = sending("123456");
    Attempt a = accepted(1, SendTrigger.INITIAL);
    v.recordSend(
        send(
            T0 + 1,
            new Attempt(
                a.number(),
                a.provider(),
                a.channel(),
                a.trigger(),
                a.accepted(),
                a.failureKind(),
                a.reason(),
                messageId,
                a.at(),
                a.delivery(),
                a.deliveryAt(),
                a.priceUsd(),
                a.segments(),
                a.carbonGrams(),
                a.deliveryDueAt())));
    v.stampUnpublished("member-1", T0 + 1);
    return v;
  }

  @Test
  void the_codec_keeps_provider_message_ids_of_every_form_and_hex_ones_as_bytes() {
    List<String> ids =
        List.of(
            "SM" + "0123456789abcdef".repeat(2), // Twilio
            "0123456789abcdef".repeat(2), // MessageBird
            "SM" + "0123456789abcdef".repeat(2) + "0", // an odd count of hex digits
            "01FC66621XXMSKZ8BXPH4V7KSD", // Sinch: upper case, kept as text
            "d1e2f3a4-0000-4000-8000-0123456789ab", // RBM: a UUID, its dashes kept
            "SM0123456789ABCDEF0123456789ABCDEF", // upper-case hex is not ours to lower
            "1234567890123456", // 16 digits and nothing else
            "");
    for (String id : ids) {
      Verification v = sentAs(id);
      Verification copy = VerificationCodec.decode(v.id(), VerificationCodec.encode(v));
      assertThat(copy.attempts().get(0).providerMessageId()).as(id).isEqualTo(id);
      assertThat(copy).usingRecursiveComparison().isEqualTo(v);
    }
    // A Twilio id of 34 characters takes 2 + 2 + 1 + 16 bytes instead of 2 + 34.
    int asText = VerificationCodec.encode(sentAs("SM" + "0123456789ABCDEF".repeat(2))).length;
    int asHex = VerificationCodec.encode(sentAs("SM" + "0123456789abcdef".repeat(2))).length;
    assertThat(asText - asHex).isEqualTo(15);
    Verification none = sentAs(null);
    assertThat(
            VerificationCodec.decode(none.id(), VerificationCodec.encode(none))
                .attempts()
                .get(0)
                .providerMessageId())
        .as("no id")
        .isNull();
  }

  /**
   * A reason with every part set: a conversion estimate, a decision that explored, and candidates
   * ranked ahead that were passed over for both reasons.
   */
  private static final RouteReason EXPLORED =
      new RouteReason(
          RouteReason.Basis.LOWEST_SCORE,
          "sinch",
          "eu",
          new BigDecimal("0.0450"),
          3_000,
          new RouteReason.Conversion(0.8125, 12.5),
          true,
          Set.of(RouteReason.PassedOver.ALREADY_TRIED, RouteReason.PassedOver.NOT_CONFIGURED));

  @Test
  void the_codec_keeps_each_records_rules_version_when_versions_alternate() {
    // The codec remembers the last version it wrote or read: records under others keep their own.
    List<String> versions =
        List.of(
            "sha256:" + "ab".repeat(32),
            "sha256:" + "cd".repeat(32),
            "rules-of-2026-12-01",
            "sha256:" + "AB".repeat(32),
            "sha256:" + "ab".repeat(32));
    List<byte[]> encoded =
        versions.stream()
            .map(version -> VerificationCodec.encode(startedOn(Routes.messagebirdInUs(version))))
            .toList();

    for (int i = encoded.size() - 1; i >= 0; i--) {
      assertThat(VerificationCodec.decode("ver_r", encoded.get(i)).route().rulesVersion())
          .isEqualTo(versions.get(i));
    }
    for (int i = 0; i < encoded.size(); i++) {
      assertThat(VerificationCodec.decode("ver_r", encoded.get(i)).route().rulesVersion())
          .isEqualTo(versions.get(i));
    }
    // A digest is kept as its 32 bytes, any other version as its text.
    assertThat(encoded.get(0).length).isEqualTo(encoded.get(1).length);
    assertThat(encoded.get(3).length).isGreaterThan(encoded.get(0).length + 32);
  }

  /** A verification just started on {@code route}, for the codec to carry. */
  private static Verification startedOn(Verification.Route route) {
    return Verification.start(
        new Verification.Draft(
            "ver_r",
            "acme",
            new Destination("+12025550123", "US"),
            new Verification.Request(
                null, null, null, null, Risk.LOW, ChannelPreference.AUTO, false, null, null),
            new byte[] {1},
            new byte[] {2},
            T0,
            T0 + 305_000,
            T0 + 305_000 + 600_000,
            0,
            List.of(),
            BigDecimal.ZERO,
            route));
  }

  @Test
  void the_codec_keeps_what_routing_knew_of_the_handsets_rcs_in_a_sends_decision() {
    for (RcsCapability rcs : RcsCapability.values()) {
      RecordedDecision d = DECISION;
      RecordedDecision decision =
          new RecordedDecision(
              d.country(),
              d.risk(),
              d.channel(),
              d.consent(),
              rcs,
              d.segments(),
              d.tenantId(),
              d.countryPermitted(),
              d.health(),
              d.volumes(),
              d.region(),
              d.rulesVersion(),
              d.candidates(),
              d.exclusions(),
              d.refusal(),
              d.skipped(),
              d.conversions());
      Verification v = sending("123456");
      v.recordSend(
          new Verification.SendRecord(
              List.of(accepted(1, SendTrigger.INITIAL)),
              ROUTE,
              decision,
              new BigDecimal("0.0075"),
              null,
              T0 + 1,
              1,
              false));

      Verification copy = VerificationCodec.decode(v.id(), VerificationCodec.encode(v));

      assertThat(copy.outbox())
          .as("%s", rcs)
          .extracting(o -> o.event().decision())
          .contains(decision);
    }
  }

  @Test
  void the_codec_keeps_a_route_reason_of_every_basis_and_its_line() {
    List<RouteReason> reasons =
        List.of(
            EXPLORED,
            new RouteReason(
                RouteReason.Basis.RCS_FIRST,
                "rbm",
                "us",
                new BigDecimal("0.0035"),
                5_000,
                null,
                false,
                Set.of(RouteReason.PassedOver.NOT_CONFIGURED)),
            new RouteReason(
                RouteReason.Basis.ONLY_ELIGIBLE,
                "twilio",
                "in",
                new BigDecimal("0.0032"),
                7_000,
                new RouteReason.Conversion(0.5, 0),
                false,
                Set.of(RouteReason.PassedOver.ALREADY_TRIED)),
            new RouteReason(
                RouteReason.Basis.NONE_AVAILABLE, null, "eu", null, 0, null, false, Set.of()));
    for (RouteReason reason : reasons) {
      Verification v = startedOn(new Verification.Route(ROUTE.rulesVersion(), reason));

      Verification.Route copy =
          VerificationCodec.decode(v.id(), VerificationCodec.encode(v)).route();

      assertThat(copy).isEqualTo(v.route());
      assertThat(copy.reason().text()).isEqualTo(reason.text());
    }
    assertThat(EXPLORED.text())
        .isEqualTo(
            "sinch: lowest score in eu among those configured on this gateway and not yet tried"
                + " for this code (cost 0.0450, latency 3000 ms, conversion 81.3% over 13 sends);"
                + " this decision explored (ranked by posterior draws)");
    assertThat(reasons.get(1).text())
        .isEqualTo(
            "rbm: rcs first in us among those configured on this gateway, the handset is"
                + " RCS-capable (cost 0.0035, latency 5000 ms)");
    assertThat(reasons.get(2).text())
        .isEqualTo(
            "twilio: only eligible provider in in among those not yet tried for this code (cost"
                + " 0.0032, latency 7000 ms, conversion 50.0% over 0 sends)");
  }

  /** A start held for a push acknowledgement due at T0 + 5 s. */
  static Verification held() {
    Verification v =
        Verification.start(
            new Verification.Draft(
                "ver_h",
                "acme",
                new Destination("+12025550123", "US"),
                new Verification.Request(
                    null, null, null, null, Risk.LOW, ChannelPreference.AUTO, false, null, null),
                HASHER.hash("ver_h", "123456", ""),
                new byte[] {1},
                T0,
                T0 + 305_000,
                T0 + 305_000 + 600_000,
                T0 + 5_000,
                List.of(),
                new BigDecimal("0.0075"),
                ROUTE));
    v.stampUnpublished("member-1", T0);
    return v;
  }

  @Test
  void a_held_code_is_claimed_by_one_send_only_the_push_timer_or_the_app() {
    Verification v = held();

    int byTimer =
        v.beginSend(
            T0 + 5_000,
            candidates(1),
            BigDecimal.ZERO,
            SendTrigger.INITIAL,
            true,
            Verification.Requires.PENDING_PUSH);
    int bySweep =
        v.beginSend(
            T0 + 6_000,
            candidates(1),
            BigDecimal.ZERO,
            SendTrigger.INITIAL,
            true,
            Verification.Requires.PENDING_PUSH);

    assertThat(byTimer).isEqualTo(1);
    assertThat(bySweep).as("the second firing finds it sent").isZero();
    assertThat(v.sends()).isEqualTo(1);
    assertThat(v.claims()).extracting(SendClaim::first).containsExactly(1);
  }

  @Test
  void a_push_deadline_is_due_on_the_owner_only_after_its_members_grace() {
    Verification v = held();

    assertThat(v.dueAt()).isEqualTo(T0 + 5_000 + Verification.LOCAL_TIMER_GRACE_MILLIS);
    assertThat(v.settle(Set.of("member-1"), T0 + 5_500).push()).isFalse();
    assertThat(v.settle(Set.of("member-1"), T0 + 6_000).push()).isTrue();
    v.beginSend(
        T0 + 6_000,
        candidates(1),
        BigDecimal.ZERO,
        SendTrigger.INITIAL,
        true,
        Verification.Requires.PENDING_PUSH);
    assertThat(v.settle(Set.of("member-1"), T0 + 7_000).push()).isFalse();
  }

  @Test
  void a_held_resend_is_sent_once_by_its_timer_and_not_at_all_after_a_cancel() {
    Verification v = live("123456");
    assertThat(v.holdResend(T0 + 10_000, T0 + 5_000)).isTrue();
    assertThat(v.settle(Set.of("member-1"), T0 + 11_000).heldResend()).isTrue();

    int first =
        v.beginSend(
            T0 + 11_000,
            candidates(1),
            BigDecimal.ZERO,
            SendTrigger.RESEND,
            true,
            Verification.Requires.HELD_RESEND);
    int again =
        v.beginSend(
            T0 + 11_001,
            candidates(1),
            BigDecimal.ZERO,
            SendTrigger.RESEND,
            true,
            Verification.Requires.HELD_RESEND);

    assertThat(first).isPositive();
    assertThat(again).isZero();
    Verification canceled = live("123456");
    canceled.holdResend(T0 + 10_000, T0 + 5_000);
    canceled.cancel(T0 + 6_000);
    assertThat(canceled.settle(Set.of("member-1"), T0 + 20_000).any()).isFalse();
  }

  @Test
  void a_delivery_deadline_is_in_the_record_and_due_until_a_receipt_comes() {
    Verification v = live("123456");
    assertThat(v.dueAt()).as("first, its published events leave the outbox").isEqualTo(T0 + 30_001);
    v.stampUnpublished("member-1", T0 + 30_002);
    assertThat(v.outbox()).isEmpty();

    assertThat(v.dueAt()).isEqualTo(T0 + 60_001 + Verification.LOCAL_TIMER_GRACE_MILLIS);
    assertThat(v.settle(Set.of("member-1"), T0 + 61_001).deliveries()).containsExactly(1);
    v.applyReceipt(1, "messagebird", DeliveryState.DELIVERED, T0 + 2, T0 + 2);
    assertThat(v.settle(Set.of("member-1"), T0 + 61_001).deliveries()).isEmpty();
  }

  @Test
  void a_send_whose_member_left_is_taken_over_once_its_provider_calls_are_over() {
    Verification v = sending("123456");
    Set<String> others = Set.of("member-2");

    assertThat(v.claims()).extracting(SendClaim::member).containsExactly("member-1");
    long claimed = v.claims().get(0).since();
    assertThat(v.dueAt(Set.of("member-1"))).as("its member is here").isEqualTo(v.dueAt());
    assertThat(v.dueAt(others))
        .as("its member gone: due once its provider calls are over")
        .isEqualTo(claimed + SendClaim.MEMBER_GONE_AFTER_MILLIS);
    assertThat(v.takeOverClaim(1, others, T0 + 1_000)).isNull();
    assertThat(v.settle(others, T0 + 15_000).lostSends()).containsExactly(1);

    assertThat(v.takeOverClaim(1, others, T0 + 15_000)).isNotNull();
    v.stampUnpublished("member-2", T0 + 15_000);
    assertThat(v.claims()).extracting(SendClaim::member).containsExactly("member-2");
    assertThat(v.takeOverClaim(1, Set.of("member-2"), T0 + 15_001))
        .as("taken over: member-2 settles it")
        .isNull();
    assertThat(v.claims().get(0).candidates()).hasSize(3);
  }

  @Test
  void a_lost_send_that_no_provider_had_leaves_the_verification_live_for_the_next_send() {
    Verification v = sending("123456");
    Attempt lost =
        new Attempt(
            1,
            "messagebird",
            Channel.SMS,
            SendTrigger.INITIAL,
            false,
            FailureKind.RETRYABLE,
            "sender_lost",
            null,
            T0 + 15_000,
            DeliveryState.NONE,
            0,
            BigDecimal.ZERO,
            1,
            0,
            0);

    v.recordSend(
        new Verification.SendRecord(
            List.of(lost), ROUTE, null, BigDecimal.ZERO, null, T0 + 15_000, 1, true));

    assertThat(v.status()).isEqualTo(VerificationStatus.SENDING);
    assertThat(v.claims()).isEmpty();
    assertThat(types(emitted(v, T0 + 15_000))).containsExactly(EventType.SEND_FAILED);
  }

  @Test
  void an_attempt_recorded_twice_is_recorded_once() {
    Verification v = live("123456");

    v.recordSend(send(T0 + 5, accepted(1, SendTrigger.INITIAL)));

    assertThat(v.attempts()).hasSize(1);
    assertThat(emitted(v, T0 + 5)).isEmpty();
    assertThat(v.priceUsd()).isEqualByComparingTo("0.0070");
  }

  @Test
  void claims_and_a_held_resend_survive_the_codec_and_set_the_header() {
    Verification v = live("123456");
    v.holdResend(T0 + 9_000, T0 + 4_000);
    begin(v, T0 + 4_000, 2, false);
    v.stampUnpublished("member-1", T0 + 4_000);

    byte[] encoded = VerificationCodec.encode(v);
    Verification copy = VerificationCodec.decode(v.id(), encoded);

    assertThat(copy).usingRecursiveComparison().isEqualTo(v);
    assertThat(VerificationCodec.openClaims(encoded)).isEqualTo(1);
    assertThat(VerificationCodec.dueAt(encoded)).isEqualTo(v.dueAt());
    assertThat(v.dueAt()).isEqualTo(T0 + 9_000 + Verification.LOCAL_TIMER_GRACE_MILLIS);
  }

  static Verification.SendRecord send(long now, Attempt... attempts) {
    return new Verification.SendRecord(
        List.of(attempts),
        ROUTE,
        DECISION,
        new BigDecimal("0.0075"),
        null,
        now,
        attempts.length == 0 ? 0 : attempts[0].number(),
        false);
  }

  /** {@code n} candidates to send through, messagebird first. */
  static List<Candidate> candidates(int n) {
    List<String> providers = List.of("messagebird", "twilio", "sinch", "rbm");
    return providers.subList(0, n).stream()
        .map(
            p ->
                new Candidate(
                    p,
                    Channel.SMS,
                    "Acme",
                    new BigDecimal("0.0070"),
                    0.1,
                    java.time.Duration.ofSeconds(60)))
        .toList();
  }

  /** Claims a send of {@code slots} candidates: a resend, or a failover when it doesn't count. */
  static int begin(Verification v, long now, int slots, boolean countsAsSend) {
    return v.beginSend(
        now,
        candidates(slots),
        new BigDecimal("0.0075"),
        countsAsSend ? SendTrigger.RESEND : SendTrigger.FAILOVER_FAILURE_RECEIPT,
        countsAsSend,
        Verification.Requires.LIVE);
  }

  static Attempt accepted(int n, SendTrigger trigger) {
    return new Attempt(
        n,
        "messagebird",
        Channel.SMS,
        trigger,
        true,
        null,
        null,
        "mb-" + n,
        T0 + 1,
        DeliveryState.PENDING,
        0,
        new BigDecimal("0.0070"),
        1,
        0.1,
        T0 + 60_001);
  }

  static Attempt failed(int n, String provider) {
    return new Attempt(
        n,
        provider,
        Channel.SMS,
        SendTrigger.INITIAL,
        false,
        FailureKind.RETRYABLE,
        "http_503",
        null,
        T0 + 1,
        DeliveryState.NONE,
        0,
        BigDecimal.ZERO,
        1,
        0,
        0);
  }
}
