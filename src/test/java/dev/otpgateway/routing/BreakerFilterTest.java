package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.lane;
import static dev.otpgateway.routing.TableRules.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BreakerFilterTest {
  private final RequestFilter filter = new BreakerFilter();
  private final Lane lane = lane("US", "twilio", Channel.SMS);

  @Test
  void excludes_a_provider_whose_breaker_is_open() {
    assertThat(filter.reason()).isEqualTo(ExclusionReason.CIRCUIT_OPEN);
    assertThat(filter.exclude(lane, request("US"), ProviderStatus.of(BreakerState.OPEN)))
        .isEqualTo("the circuit breaker is open");
  }

  @Test
  void passes_closed_and_half_open_breakers() {
    assertThat(filter.exclude(lane, request("US"), ProviderStatus.of(BreakerState.CLOSED)))
        .isNull();
    assertThat(filter.exclude(lane, request("US"), ProviderStatus.of(BreakerState.HALF_OPEN)))
        .isNull();
  }
}
