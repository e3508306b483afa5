package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.verification.CheckResult;
import dev.otpgateway.verification.DestinationStore.Reservation;
import dev.otpgateway.verification.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResultCodecTest {
  private static final byte[] VERIFICATION = {2, 7, 1, 8, 2, 8};

  @ParameterizedTest
  @EnumSource(CheckResult.Outcome.class)
  void check_results_survive_with_the_verification(CheckResult.Outcome outcome) {
    ResultCodec.Decoded d =
        ResultCodec.transition(
            ResultCodec.transition(new CheckResult(outcome, 3), 2, VERIFICATION));

    assertThat(d.result()).isEqualTo(new CheckResult(outcome, 3));
    assertThat(d.emitted()).isEqualTo(2);
    assertThat(d.verification()).isEqualTo(VERIFICATION);
  }

  @Test
  void the_other_transition_results_survive() {
    for (Object result : new Object[] {true, false, 0, 17, Verification.ReceiptEffect.NOT_YET}) {
      assertThat(ResultCodec.transition(ResultCodec.transition(result, 0, VERIFICATION)).result())
          .isEqualTo(result);
    }
  }

  @Test
  void reservations_survive() {
    for (Reservation r :
        new Reservation[] {
          new Reservation(Reservation.Kind.CREATE, "ver_abc", 0),
          new Reservation(Reservation.Kind.RATE_LIMITED, null, 3_599_000),
        }) {
      assertThat(ResultCodec.reservation(ResultCodec.reservation(r))).isEqualTo(r);
    }
  }
}
