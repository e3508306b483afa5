package dev.otpgateway.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.OtpKeys;
import dev.otpgateway.otp.Transaction;
import dev.otpgateway.verification.CheckResult.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationTest {
  static final CodeHasher HASHER = new CodeHasher(OtpKeys.derive(new byte[32]));
  static final long T0 = 1_700_000_000_000L;

  static Verification live(String code) {
    return new Verification(
        "ver_a",
        "acme",
        "+12025550123",
        "US",
        HASHER.hash("ver_a", code, ""),
        new byte[] {1},
        T0,
        T0 + 300_000,
        new Verification.Request("en", null, null, null, "low", "auto", false, "u-1", null),
        VerificationStatus.SENT,
        null,
        0,
        0,
        1,
        0,
        4,
        null,
        List.of());
  }

  static byte[] attempt(String code) {
    return HASHER.hash("ver_a", code, "");
  }

  @Test
  void the_right_code_approves_once() {
    Verification v = live("123456");

    assertThat(v.check(attempt("123456"), T0 + 1).outcome()).isEqualTo(Outcome.APPROVED);
    assertThat(v.status()).isEqualTo(VerificationStatus.APPROVED);
    assertThat(v.check(attempt("123456"), T0 + 2).outcome()).isEqualTo(Outcome.NO_LONGER_USABLE);
  }

  @Test
  void wrong_codes_count_down_and_the_fifth_kills_it() {
    Verification v = live("123456");
    for (int left = 4; left >= 1; left--) {
      CheckResult r = v.check(attempt("000000"), T0 + 1);
      assertThat(r.outcome()).isEqualTo(Outcome.WRONG_CODE);
      assertThat(r.attemptsLeft()).isEqualTo(left);
    }

    assertThat(v.check(attempt("000000"), T0 + 1).outcome()).isEqualTo(Outcome.TOO_MANY_ATTEMPTS);
    assertThat(v.status()).isEqualTo(VerificationStatus.FAILED);
    assertThat(v.check(attempt("123456"), T0 + 1).outcome()).isEqualTo(Outcome.TOO_MANY_ATTEMPTS);
  }

  @Test
  void a_resend_does_not_reset_the_failure_count() {
    Verification v = live("123456");
    v.check(attempt("000000"), T0 + 1);
    v.check(attempt("000000"), T0 + 1);

    int first = v.beginSend(T0 + 2, 3, true);

    assertThat(first).isEqualTo(4);
    assertThat(v.nextAttempt()).isEqualTo(7);
    assertThat(v.sends()).isEqualTo(2);
    assertThat(v.check(attempt("000000"), T0 + 3).attemptsLeft()).isEqualTo(2);
  }

  @Test
  void an_expired_code_is_expired_even_when_right() {
    Verification v = live("123456");

    assertThat(v.check(attempt("123456"), T0 + 300_000).outcome()).isEqualTo(Outcome.EXPIRED);
    assertThat(v.visibleStatus(T0 + 300_000)).isEqualTo("expired");
    assertThat(v.beginSend(T0 + 300_000, 1, true)).isZero();
  }

  @Test
  void a_canceled_verification_sends_and_approves_nothing() {
    Verification v = live("123456");

    assertThat(v.cancel(T0 + 1)).isTrue();
    assertThat(v.cancel(T0 + 2)).isTrue();
    assertThat(v.beginSend(T0 + 3, 1, true)).isZero();
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
    v.recordSend(List.of(accepted(1)), new Verification.Route("sha256:x", "us", "r"), T0 + 1);

    assertThat(v.applyReceipt(1, "twilio", "delivered", T0 + 2))
        .isEqualTo(Verification.ReceiptEffect.IGNORED);
    assertThat(v.applyReceipt(1, "messagebird", "delivered", T0 + 2))
        .isEqualTo(Verification.ReceiptEffect.APPLIED);
    assertThat(v.status()).isEqualTo(VerificationStatus.DELIVERED);
    assertThat(v.applyReceipt(1, "messagebird", "failed", T0 + 3))
        .isEqualTo(Verification.ReceiptEffect.IGNORED);
    assertThat(v.applyReceipt(1, "messagebird", "delivered", T0 + 4))
        .isEqualTo(Verification.ReceiptEffect.IGNORED);
    assertThat(v.applyReceipt(99, "messagebird", "delivered", T0 + 4))
        .isEqualTo(Verification.ReceiptEffect.IGNORED);
    assertThat(v.attempt(1).delivery()).isEqualTo("delivered");
  }

  @Test
  void a_receipt_that_overtakes_the_record_of_its_send_is_asked_to_come_back() {
    Verification v = live("123456");
    int first = v.beginSend(T0, 2, true);

    assertThat(v.applyReceipt(first, "messagebird", "delivered", T0 + 1))
        .isEqualTo(Verification.ReceiptEffect.NOT_YET);
    v.recordSend(List.of(accepted(first)), new Verification.Route("sha256:x", "us", "r"), T0 + 2);
    assertThat(v.applyReceipt(first, "messagebird", "delivered", T0 + 3))
        .isEqualTo(Verification.ReceiptEffect.APPLIED);
  }

  @Test
  void a_send_where_every_provider_failed_fails_a_sending_verification() {
    Verification v = live("123456");
    v.beginSend(T0, 1, true);
    Verification sending =
        new Verification(
            v.id(),
            v.tenantId(),
            v.to(),
            v.country(),
            v.codeHash(),
            v.sealedCode(),
            v.createdAt(),
            v.expiresAt(),
            v.request(),
            VerificationStatus.SENDING,
            null,
            0,
            0,
            1,
            0,
            2,
            null,
            List.of());

    sending.recordSend(List.of(failed(1)), new Verification.Route("sha256:x", "us", "r"), T0 + 1);

    assertThat(sending.status()).isEqualTo(VerificationStatus.FAILED);
    assertThat(sending.endReason()).isEqualTo("all_providers_failed");
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
  void the_codec_keeps_every_field() {
    Verification v =
        new Verification(
            "ver_a",
            "acme",
            "+12025550123",
            "US",
            new byte[] {1, 2, 3},
            new byte[] {4, 5},
            T0,
            T0 + 300_000,
            new Verification.Request(
                "de",
                "FA+9qCX9VSu",
                "app.example.com",
                new Transaction("49.90", "EUR", "Acme Ltd"),
                "high",
                "sms",
                true,
                "u-1",
                "d-9"),
            VerificationStatus.DELIVERED,
            null,
            0,
            2,
            3,
            T0 + 5_000,
            6,
            new Verification.Route("sha256:abc", "eu", "messagebird: lowest score"),
            List.of(accepted(1), failed(2)));

    Verification copy = VerificationCodec.decode(VerificationCodec.encode(v));

    assertThat(copy).usingRecursiveComparison().isEqualTo(v);
  }

  static Attempt accepted(int n) {
    return new Attempt(
        n,
        "messagebird",
        "sms",
        "initial",
        Attempt.ACCEPTED,
        null,
        null,
        "mb-1",
        T0,
        "pending",
        0,
        0.007,
        1);
  }

  static Attempt failed(int n) {
    return new Attempt(
        n,
        "twilio",
        "sms",
        "initial",
        Attempt.FAILED,
        "retryable",
        "http_503",
        null,
        T0,
        "none",
        0,
        0,
        1);
  }
}
