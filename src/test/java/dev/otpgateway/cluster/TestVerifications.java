package dev.otpgateway.cluster;

import dev.otpgateway.numbers.Destination;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.testing.Routes;
import dev.otpgateway.verification.Verification;
import java.math.BigDecimal;
import java.util.List;

/** Verifications for the store's tests on real members: what a start creates, nothing sent. */
final class TestVerifications {
  private TestVerifications() {}

  /** Started at {@code now} for a US number on MessageBird, live 5 minutes, kept 15. */
  static Verification started(String id, long now) {
    return Verification.start(
        new Verification.Draft(
            id,
            "acme",
            new Destination("+12025550123", "US"),
            new Verification.Request(
                null, null, null, null, Risk.LOW, ChannelPreference.AUTO, false, null, null),
            new byte[32],
            new byte[] {1},
            now,
            now + 300_000,
            now + 900_000,
            0,
            List.of(),
            BigDecimal.ZERO,
            Routes.messagebirdInUs("sha256:" + "cd".repeat(32))));
  }
}
