package dev.otpgateway.providers.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.lookups.v2.PhoneNumber;
import dev.otpgateway.providers.twilio.simulated.TwilioSimulatedApi;
import dev.otpgateway.testing.RunningSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated Twilio Lookup read by the Twilio SDK 13 itself, through the same HTTP client and
 * base-URL rewrite {@link TwilioProvider} uses: if the simulator's answer were not Twilio's wire
 * shape, the SDK's own model would not read it.
 */
class TwilioLookupSimSwapTest {
  private static final String SWAPPED = "+12025550190";

  private RunningSimulator running;
  private TwilioHttpClient http;
  private TwilioRestClient client;

  @BeforeEach
  void start() {
    running =
        RunningSimulator.start(
            new TwilioSimulatedApi(TwilioContractTest.ACCOUNT_SID, TwilioContractTest.AUTH_TOKEN));
    http = sdkClient();
    client =
        new TwilioRestClient.Builder(TwilioContractTest.ACCOUNT_SID, TwilioContractTest.AUTH_TOKEN)
            .accountSid(TwilioContractTest.ACCOUNT_SID)
            .httpClient(http)
            .build();
  }

  @AfterEach
  void stop() {
    http.close();
    running.close();
  }

  @Test
  void a_recent_swap_reads_as_twilio_reports_it() {
    running
        .simulator()
        .configure(TwilioSimulatedApi.NAME, "{\"sim_swapped\": {\"" + SWAPPED + "\": \"PT24H\"}}");

    PhoneNumber looked = PhoneNumber.fetcher(SWAPPED).setFields("sim_swap").fetch(client);

    assertThat(looked.getValid()).isTrue();
    assertThat(looked.getPhoneNumber().toString()).isEqualTo(SWAPPED);
    assertThat(looked.getCountryCode()).isEqualTo("US");
    assertThat(looked.getCallingCountryCode()).isEqualTo("1");
    PhoneNumber.SimSwapInfo simSwap = looked.getSimSwap();
    assertThat(simSwap.getErrorCode()).isNull();
    PhoneNumber.LastSimSwapInfo last = simSwap.getLastSimSwap();
    assertThat(last.getSwappedPeriod()).isEqualTo("PT24H");
    assertThat(last.getSwappedInPeriod()).isTrue();
    ZonedDateTime swappedAt = last.getLastSimSwapDate();
    assertThat(Duration.between(swappedAt.toInstant(), Instant.now()))
        .isBetween(Duration.ofHours(24), Duration.ofHours(24).plusMinutes(1));
  }

  @Test
  void a_number_not_swapped_reads_as_not_swapped_in_the_accounts_period() {
    PhoneNumber looked = PhoneNumber.fetcher("+12025550191").setFields("sim_swap").fetch(client);

    PhoneNumber.LastSimSwapInfo last = looked.getSimSwap().getLastSimSwap();
    assertThat(last.getLastSimSwapDate()).isNull();
    assertThat(last.getSwappedInPeriod()).isFalse();
    assertThat(Duration.parse(last.getSwappedPeriod())).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void a_basic_lookup_carries_no_sim_swap() {
    running
        .simulator()
        .configure(TwilioSimulatedApi.NAME, "{\"sim_swapped\": {\"" + SWAPPED + "\": \"PT1H\"}}");

    PhoneNumber looked = PhoneNumber.fetcher(SWAPPED).fetch(client);

    assertThat(looked.getValid()).isTrue();
    assertThat(looked.getSimSwap()).isNull();
  }

  @Test
  void an_invalid_number_reads_as_not_valid_with_its_reason() {
    PhoneNumber looked = PhoneNumber.fetcher("+141599299600").setFields("sim_swap").fetch(client);

    assertThat(looked.getValid()).isFalse();
    assertThat(looked.getValidationErrors()).hasSize(1);
    assertThat(looked.getValidationErrors().get(0).toString()).isEqualTo("TOO_LONG");
    assertThat(looked.getSimSwap()).isNull();
  }

  @Test
  void a_failing_lookup_is_an_sdk_api_exception_with_twilios_status_and_code() {
    running
        .simulator()
        .configure(TwilioSimulatedApi.NAME, "{\"error_rate\": 1.0, \"error_status\": 503}");

    assertThatThrownBy(() -> PhoneNumber.fetcher(SWAPPED).setFields("sim_swap").fetch(client))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(503);
              assertThat(e.getCode()).isEqualTo(20503);
            });
  }

  @Test
  void wrong_credentials_are_refused_as_twilio_refuses_them() {
    TwilioHttpClient wrongHttp = sdkClient();
    TwilioRestClient wrong =
        new TwilioRestClient.Builder(
                TwilioContractTest.ACCOUNT_SID, "0000000000000000000000000000000f")
            .httpClient(wrongHttp)
            .build();
    try {
      assertThatThrownBy(() -> PhoneNumber.fetcher(SWAPPED).setFields("sim_swap").fetch(wrong))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.getStatusCode()).isEqualTo(401);
                assertThat(e.getCode()).isEqualTo(20003);
              });
    } finally {
      wrongHttp.close();
    }
  }

  /** The SDK's HTTP client as the adapter builds it, pointed at the simulated Twilio. */
  private TwilioHttpClient sdkClient() {
    return new TwilioHttpClient(
        TwilioBaseUrl.of("http://127.0.0.1:" + running.port() + "/twilio"),
        Duration.ofSeconds(10),
        4);
  }
}
