package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.provider;
import static dev.otpgateway.routing.TableRules.region;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SenderRegistrationFilterTest {
  private final RuleFilter filter = new SenderRegistrationFilter();

  @Test
  void excludes_an_unregistered_sender_where_registration_is_required() {
    assertThat(filter.reason()).isEqualTo(ExclusionReason.SENDER_NOT_REGISTERED);
    assertThat(filter.exclude(region("in"), provider("messagebird"), Channel.SMS))
        .isEqualTo(
            "region in requires a registered sender and template; sender OTPGWY is not"
                + " registered");
  }

  @Test
  void excludes_a_registered_sender_without_a_template() {
    assertThat(filter.exclude(region("in"), provider("sinch"), Channel.SMS))
        .isEqualTo(
            "region in requires a registered sender and template; no registered template_id");
  }

  @Test
  void passes_a_registered_sender_with_its_template() {
    assertThat(filter.exclude(region("in"), provider("twilio"), Channel.SMS)).isNull();
  }

  @Test
  void passes_everyone_where_registration_is_not_required() {
    assertThat(filter.exclude(region("us"), provider("messagebird"), Channel.SMS)).isNull();
  }
}
