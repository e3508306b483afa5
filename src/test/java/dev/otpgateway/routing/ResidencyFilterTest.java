package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.provider;
import static dev.otpgateway.routing.TableRules.region;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResidencyFilterTest {
  private final RuleFilter filter = new ResidencyFilter();

  @Test
  void excludes_a_provider_that_cannot_process_in_the_required_zone() {
    assertThat(filter.reason()).isEqualTo(ExclusionReason.RESIDENCY);
    assertThat(filter.exclude(region("eu"), provider("sinch"), Channel.SMS))
        .isEqualTo("region eu requires processing in eu; sinch processes in us");
  }

  @Test
  void passes_a_provider_processing_in_the_zone() {
    assertThat(filter.exclude(region("eu"), provider("twilio"), Channel.SMS)).isNull();
  }

  @Test
  void passes_everyone_where_no_residency_is_required() {
    assertThat(filter.exclude(region("us"), provider("sinch"), Channel.SMS)).isNull();
  }
}
