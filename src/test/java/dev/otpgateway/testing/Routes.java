package dev.otpgateway.testing;

import dev.otpgateway.routing.RouteReason;
import dev.otpgateway.verification.Verification;
import java.math.BigDecimal;
import java.util.Set;

/** A route for verifications that tests build by hand: MessageBird, the cheapest in the US. */
public final class Routes {
  private Routes() {}

  public static Verification.Route messagebirdInUs(String rulesVersion) {
    return new Verification.Route(
        rulesVersion,
        new RouteReason(
            RouteReason.Basis.LOWEST_SCORE,
            "messagebird",
            "us",
            new BigDecimal("0.0070"),
            5_000,
            null,
            false,
            Set.of()));
  }
}
