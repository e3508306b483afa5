package dev.otpgateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.ApiResponse;
import dev.otpgateway.testing.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A grey route as a scenario scripts it through the gateway's own simulator control API: in one
 * country the provider reports every message delivered and delivers none. The gateway can only
 * believe the receipt; the handset shows the truth.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GreyRouteIT {
  private static final String AU = "+61491570158";
  private static final String US = "+12025550186";

  private TestGateway gw;

  @BeforeAll
  void start() {
    gw = TestGateway.start(Map.of());
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void a_grey_route_in_one_country_reads_delivered_while_the_handset_stays_empty() {
    String key = gw.createTenant("grey", 5);
    String grey = firstChoice(key, AU);
    gw.fault(grey, "{\"countries\": {\"AU\": {\"silent_drop_rate\": 1.0}}}");
    try {
      String inAustralia = gw.startVerification(key, AU).getString("id");
      String inTheUs = gw.startVerification(key, US).getString("id");

      assertThat(gw.awaitStatus(key, inAustralia, "delivered").getJsonArray("attempts")).hasSize(1);
      assertThat(gw.inbox(AU)).as("the grey route delivered nothing").isEmpty();
      gw.awaitStatus(key, inTheUs, "delivered");
      assertThat(gw.inbox(US)).as("elsewhere the provider delivers").hasSize(1);
    } finally {
      gw.heal(grey);
    }
    TestGateway.assertNoBlockedThreads();
  }

  private String firstChoice(String key, String to) {
    ApiResponse r = gw.api.post("/v1/routes/preview", key, "{\"to\":\"" + to + "\"}");
    return r.json().getJsonArray("candidates").getJsonObject(0).getString("provider");
  }
}
