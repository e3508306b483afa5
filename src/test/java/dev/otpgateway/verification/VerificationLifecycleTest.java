package dev.otpgateway.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.delivery.AttemptRef;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventType;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.routing.Channel;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.RcsCapability;
import dev.otpgateway.routing.RecordedDecision;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantFraud;
import dev.otpgateway.testing.Await;
import dev.otpgateway.verification.Lifecycle.ScriptedProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle of a verification as the starter, the sender, the follow-up and the service run it,
 * on in-memory stores and scripted providers, with the clock in the test's hand (see {@link
 * Lifecycle}). The shipped rules route US numbers to MessageBird first, then Twilio, then Sinch.
 */
class VerificationLifecycleTest {
  private static final String NUMBER = "+12025550123";

  private final Lifecycle life = new Lifecycle();
  private final Tenant tenant = Lifecycle.tenant();

  @AfterEach
  void close() {
    life.close();
  }

  private static StartCommand command(String number, boolean pushPending) {
    return command(number, pushPending, ChannelPreference.SMS);
  }

  private static StartCommand command(
      String number, boolean pushPending, ChannelPreference channel) {
    return new StartCommand(
        new Destination(number, "US"),
        pushPending,
        10_000,
        Risk.LOW,
        channel,
        "en",
        null,
        null,
        false,
        "user-" + number,
        null,
        null,
        true);
  }

  private VerificationStarter.Started start(boolean pushPending) {
    return Await.result(life.starter.start(tenant, command(NUMBER, pushPending)));
  }

  private ScriptedProvider provider(String name) {
    return life.providers.get(name);
  }

  private CheckResult check(String id, String code) {
    return Await.result(life.service.check(tenant, id, code, ""));
  }

  /**
   * Waits for the ledger to have these events of a verification, in this order (events are
   * published once their change is stored, after the provider's answer).
   */
  private void awaitLedger(String id, String... types) {
    Await.until(
        "ledger entries " + java.util.List.of(types) + " of " + id,
        Duration.ofSeconds(5),
        () -> {
          java.util.List<String> seen = life.ledgerOf(id);
          int i = 0;
          for (String t : seen) {
            if (i < types.length && t.equals(types[i])) {
              i++;
            }
          }
          return i == types.length ? true : null;
        });
  }

  private Verification read(String id) {
    return Await.result(life.service.get(tenant, id));
  }

  @Test
  void a_start_sends_one_code_through_the_first_choice_and_records_it() {
    Instant before = life.clock.instant();
    VerificationStarter.Started started = start(false);
    String id = started.verification().id();

    assertThat(started.pendingPush()).isFalse();
    assertThat(provider("messagebird").taken).hasSize(1);
    assertThat(provider("messagebird").taken.get(0).startedAt())
        .as("when its attempt was handed over, for a lookup to tell it from an earlier send")
        .isBetween(before, life.clock.instant());
    assertThat(provider("twilio").taken).isEmpty();
    assertThat(read(id).visibleStatus(life.clock.millis())).isEqualTo("sent");
    assertThat(life.ledgerOf(id)).containsExactly("started", "sent");
  }

  @Test
  void the_right_code_approves_once_a_wrong_one_does_not() {
    String id = start(false).verification().id();
    String code = provider("messagebird").lastCode();
    String wrong = code.equals("000000") ? "111111" : "000000";

    assertThat(check(id, wrong).outcome()).isEqualTo(CheckResult.Outcome.WRONG_CODE);
    assertThat(check(id, code).outcome()).isEqualTo(CheckResult.Outcome.APPROVED);
    assertThat(check(id, code).outcome()).isEqualTo(CheckResult.Outcome.NO_LONGER_USABLE);
    assertThat(life.ledgerOf(id))
        .containsExactly("started", "sent", "check_failed", "approved", "check_failed");
  }

  @Test
  void the_events_the_ledger_wrote_leave_the_outbox_once_gathered_for_two_seconds() {
    String id = start(false).verification().id();
    String code = provider("messagebird").lastCode();
    assertThat(read(id).outbox()).as("started and sent, written").hasSize(2);

    Duration half = Duration.ofMillis(VerificationRecords.TRIM_AFTER_MS / 2);
    life.clock.advance(half);
    Await.result(life.records.trimWritten());
    assertThat(read(id).outbox()).as("gathered for a second").hasSize(2);

    assertThat(check(id, code).outcome()).isEqualTo(CheckResult.Outcome.APPROVED);
    life.clock.advance(half);
    Await.result(life.records.trimWritten());
    assertThat(read(id).outbox())
        .as("the approval joined them: one change for all three")
        .isEmpty();
    assertThat(read(id).dueAt(Set.of("member")))
        .as("nothing left to drop: due only when its retention ends")
        .isEqualTo(read(id).keepUntil());

    assertThat(check(id, code).outcome()).isEqualTo(CheckResult.Outcome.NO_LONGER_USABLE);
    Await.result(life.records.trimWritten());
    assertThat(read(id).outbox())
        .extracting(o -> o.event().type().wireName())
        .as("gathered after the trim: it waits its own two seconds")
        .containsExactly("check_failed");
    assertThat(read(id).dueAt(Set.of("member"))).isLessThan(read(id).keepUntil());

    life.clock.advance(half.multipliedBy(2));
    Await.result(life.records.trimWritten());
    assertThat(read(id).outbox()).isEmpty();
    assertThat(life.ledgerOf(id)).containsExactly("started", "sent", "approved", "check_failed");
  }

  @Test
  void an_approval_the_cluster_did_not_confirm_is_still_recorded_once() {
    String id = start(false).verification().id();
    String code = provider("messagebird").lastCode();
    life.store.unconfirmed = 1;

    Throwable failure = Await.failure(life.service.check(tenant, id, code, ""));

    // The client is told to try again; the change was kept all the same, and its event reaches
    // the ledger once its member takes it back.
    assertThat(failure).isInstanceOf(GatewayException.class);
    assertThat(read(id).visibleStatus(life.clock.millis())).isEqualTo("approved");
    awaitLedger(id, "started", "sent", "approved");
    assertThat(check(id, code).outcome()).isEqualTo(CheckResult.Outcome.NO_LONGER_USABLE);
    assertThat(life.ledgerOf(id)).containsExactly("started", "sent", "approved", "check_failed");
  }

  @Test
  void a_send_whose_record_the_cluster_did_not_confirm_is_recorded_again_not_sent_again() {
    life.store.unconfirmedKind = Transition.RecordSend.class;
    life.store.unconfirmed = 2;

    VerificationStarter.Started started = start(false);

    String id = started.verification().id();
    assertThat(provider("messagebird").taken).hasSize(1);
    assertThat(read(id).visibleStatus(life.clock.millis())).isEqualTo("sent");
    assertThat(life.ledgerOf(id)).containsExactly("started", "sent");
  }

  @Test
  void a_start_its_client_was_told_failed_sends_nothing_when_its_lost_send_is_settled() {
    life.store.unconfirmedCreates = 1;

    Throwable failure = Await.failure(life.starter.start(tenant, command(NUMBER, false)));

    assertThat(failure).isInstanceOf(GatewayException.class);
    String id = life.store.records.keySet().iterator().next();
    assertThat(read(id).claims()).as("the first send's claim, kept with the record").hasSize(1);
    // Long after, the claim counts as abandoned, and its settlement finds no message anywhere.
    life.clock.advance(Duration.ofMillis(SendClaim.ABANDONED_AFTER_MILLIS + 1_000));
    life.timers.fire(DeliveryFollowUp.LOST_SEND, new AttemptRef(id, 1).toString());
    Await.until(
        "the lost send settled",
        Duration.ofSeconds(5),
        () -> read(id).claims().isEmpty() ? true : null);

    for (ScriptedProvider p : life.providers.values()) {
      assertThat(p.taken).as(p.name()).isEmpty();
    }
    assertThat(life.ledgerOf(id)).doesNotContain("sent");
  }

  @Test
  void a_flagged_start_puts_its_flag_on_record_with_its_start_or_alone_when_it_fails() {
    Tenant recording =
        Lifecycle.tenant(new TenantFraud(TenantFraud.Mode.RECORD_ONLY, List.of(), false));
    // A walk through a range: the fifth near-consecutive number and those after it are flagged.
    for (int n = 1; n <= 4; n++) {
      Await.result(life.starter.start(recording, command("+1202555010" + n, false)));
    }
    assertThat(types(life.ledger)).doesNotContain("fraud_flagged");

    String id =
        Await.result(life.starter.start(recording, command("+12025550105", false)))
            .verification()
            .id();
    List<String> recorded = types(life.ledger);
    assertThat(recorded.subList(recorded.indexOf("fraud_flagged"), recorded.size()))
        .as("in one write with the start, before it")
        .containsExactly("fraud_flagged", "started", "sent");
    assertThat(life.ledgerOf(id)).containsExactly("started", "sent");

    life.store.unconfirmedCreates = 1;
    assertThat(Await.failure(life.starter.start(recording, command("+12025550106", false))))
        .isInstanceOf(GatewayException.class);
    assertThat(types(life.ledger).stream().filter("fraud_flagged"::equals))
        .as("the failed start's flag, on record alone")
        .hasSize(2);
  }

  private static List<String> types(List<Event> events) {
    return events.stream().map(e -> e.type().wireName()).toList();
  }

  @Test
  void a_second_start_while_the_code_lives_resends_the_same_code() {
    VerificationStarter.Started first = start(false);
    String code = provider("messagebird").lastCode();
    life.clock.advance(Duration.ofSeconds(40));
    VerificationStarter.Started again = start(false);

    assertThat(again.verification().id()).isEqualTo(first.verification().id());
    assertThat(provider("messagebird").taken).hasSize(2);
    assertThat(provider("messagebird").lastCode()).isEqualTo(code);
    assertThat(life.ledgerOf(first.verification().id())).contains("resent");
  }

  @Test
  void a_start_after_the_code_was_used_supersedes_it_with_a_new_verification() {
    String first = start(false).verification().id();
    check(first, provider("messagebird").lastCode());
    life.clock.advance(Duration.ofSeconds(5));
    String second = start(false).verification().id();

    assertThat(second).isNotEqualTo(first);
    assertThat(read(second).visibleStatus(life.clock.millis())).isEqualTo("sent");
  }

  @Test
  void a_held_code_goes_out_when_the_push_times_out_and_never_after_a_cancel() {
    VerificationStarter.Started held = start(true);
    String id = held.verification().id();
    assertThat(held.pendingPush()).isTrue();
    assertThat(provider("messagebird").taken).as("held for the push").isEmpty();

    life.clock.advance(Duration.ofSeconds(11));
    life.timers.fire(VerificationStarter.PUSH_TIMER, id);
    awaitLedger(id, "pending_push", "sent");
    assertThat(provider("messagebird").taken).hasSize(1);

    // Another number, canceled before its push timed out: nothing is ever sent.
    VerificationStarter.Started other =
        Await.result(life.starter.start(tenant, command("+12025550124", true)));
    Await.result(life.service.cancel(tenant, other.verification().id()));
    life.clock.advance(Duration.ofSeconds(11));
    life.timers.fire(VerificationStarter.PUSH_TIMER, other.verification().id());
    // A send would have reached the provider within milliseconds (the held code above did).
    Await.result(life.vertx.timer(300));
    assertThat(provider("messagebird").taken).hasSize(1);
    assertThat(life.ledgerOf(other.verification().id()))
        .contains("canceled")
        .doesNotContain("sent");
  }

  @Test
  void a_provider_that_refuses_is_failed_over_at_once() {
    provider("messagebird").refusing = true;
    String id = start(false).verification().id();

    assertThat(provider("twilio").taken).hasSize(1);
    Verification v = read(id);
    assertThat(v.attempts()).extracting(Attempt::provider).containsExactly("messagebird", "twilio");
    assertThat(check(id, provider("twilio").lastCode()).outcome())
        .isEqualTo(CheckResult.Outcome.APPROVED);
  }

  @Test
  void a_message_without_a_receipt_in_time_is_failed_over_to_the_next_provider() {
    String id = start(false).verification().id();
    Verification v = read(id);
    String ref = v.attempts().get(0).ref(id).toString();

    assertThat(v.route().reason().text()).startsWith("messagebird: lowest score in us (cost ");

    life.clock.advance(Duration.ofSeconds(21));
    life.timers.fire(CodeSender.DELIVERY_TIMER, ref);
    awaitLedger(id, "sent", "undelivered", "failover", "sent");

    assertThat(provider("twilio").taken).hasSize(1);
    assertThat(provider("twilio").lastCode()).isEqualTo(provider("messagebird").lastCode());
    // The route now says why Twilio, not why MessageBird: routing still ranks MessageBird first.
    assertThat(read(id).route().reason().text())
        .startsWith("twilio: lowest score in us among those not yet tried for this code (cost ");
  }

  @Test
  void a_gateway_without_rbm_records_rcs_as_not_configured_and_nothing_about_the_handset() {
    String id =
        Await.result(life.starter.start(tenant, command(NUMBER, false, ChannelPreference.AUTO)))
            .verification()
            .id();
    awaitLedger(id, "sent");

    RecordedDecision decision =
        life.ledger.stream()
            .filter(e -> id.equals(e.verification()) && e.type() == EventType.SENT)
            .findFirst()
            .orElseThrow()
            .decision();
    assertThat(decision.rcsCapability()).isEqualTo(RcsCapability.NO_ADAPTER);
    assertThat(decision.exclusions())
        .contains(new RecordedDecision.Left("rbm", Channel.RCS, "not_configured"))
        .noneMatch(left -> left.reason().equals("not_rcs_capable"));
  }

  @Test
  void a_route_names_the_provider_it_sends_through_when_the_first_choice_has_no_adapter() {
    // The shipped rules rank MessageBird first in the US; this gateway has no adapter for it.
    try (Lifecycle withoutMessageBird = new Lifecycle(List.of("twilio", "sinch"))) {
      String id =
          Await.result(withoutMessageBird.starter.start(tenant, command(NUMBER, false)))
              .verification()
              .id();

      assertThat(withoutMessageBird.providers.get("twilio").taken).hasSize(1);
      Verification v = Await.result(withoutMessageBird.service.get(tenant, id));
      assertThat(v.route().reason().provider()).isEqualTo("twilio");
      assertThat(v.route().reason().text())
          .startsWith("twilio: lowest score in us among those configured on this gateway (cost ");
    }
  }

  @Test
  void an_expired_code_approves_nothing() {
    String id = start(false).verification().id();
    String code = provider("messagebird").lastCode();
    life.clock.advance(Duration.ofMinutes(6));
    assertThat(check(id, code).outcome()).isNotEqualTo(CheckResult.Outcome.APPROVED);
    assertThat(read(id).visibleStatus(life.clock.millis())).isEqualTo("expired");
  }
}
