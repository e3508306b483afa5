package dev.otpgateway.routing;

import static dev.otpgateway.routing.TableRules.lane;
import static dev.otpgateway.routing.TableRules.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RiskFilterTest {
  private final RequestFilter filter = new RiskFilter();

  @Test
  void rejects_high_risk_sms_in_eu() {
    assertThat(filter.reason()).isEqualTo(ExclusionReason.SMS_NOT_PERMITTED_FOR_RISK);
    assertThat(
            filter.exclude(
                lane("DE", "twilio", Channel.SMS),
                request("DE", Risk.HIGH, ChannelPreference.AUTO, false),
                ProviderStatus.UNOBSERVED))
        .isEqualTo("region eu does not accept sms for high-risk codes");
  }

  @Test
  void passes_low_risk_sms_in_eu() {
    assertThat(
            filter.exclude(
                lane("DE", "twilio", Channel.SMS), request("DE"), ProviderStatus.UNOBSERVED))
        .isNull();
  }

  @Test
  void passes_high_risk_sms_where_the_region_allows_it() {
    assertThat(
            filter.exclude(
                lane("US", "twilio", Channel.SMS),
                request("US", Risk.HIGH, ChannelPreference.AUTO, false),
                ProviderStatus.UNOBSERVED))
        .isNull();
  }

  @Test
  void never_excludes_rcs() {
    assertThat(
            filter.exclude(
                lane("US", "rbm", Channel.RCS),
                request("US", Risk.HIGH, ChannelPreference.AUTO, true),
                ProviderStatus.UNOBSERVED))
        .isNull();
  }
}
