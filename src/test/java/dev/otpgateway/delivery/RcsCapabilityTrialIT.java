package dev.otpgateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.Scrape;
import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Once RBM's breaker has opened on capability checks that timed out, it closes again through a
 * capability check. RBM has no probe, and no RCS send reaches it while no handset is known to take
 * RCS, so when the reset time is over, the next start that has to ask about a handset makes the
 * half-open breaker's one trial call: a trial that times out opens the breaker again; one that RBM
 * answers closes it, and RCS-capable handsets get RCS again. A gateway that did not ask while the
 * breaker is half-open would leave it half-open, sending codes by SMS, until a handset it
 * remembered as RCS-capable happened to come back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RcsCapabilityTrialIT {
  private static final String CAPABLE = "+12025550160";
  // Different area codes: new numbers in one block would look like SMS pumping to the fraud guard.
  private static final String[] OPENING = {"+12125550123", "+13055550123", "+13125550123"};
  private static final String FAILED_TRIAL = "+14155550123";

  private TestGateway gw;

  @BeforeAll
  void start() {
    gw =
        TestGateway.start(
            Map.of(
                "OTPGW_PROVIDERS_RBM_TIMEOUT_MS", "300",
                "OTPGW_BREAKER_MAX_FAILURES", Integer.toString(OPENING.length),
                "OTPGW_BREAKER_WINDOW_MS", "60000",
                "OTPGW_BREAKER_RESET_MS", "1000"));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private String startedChannel(String key, String to) {
    String channel = gw.startVerification(key, to).getString("channel");
    JsonObject sent = gw.newestMessage(to);
    assertThat(sent.getString("channel")).as("what %s was sent", to).isEqualTo(channel);
    return channel;
  }

  private void awaitCircuit(String state, int value) {
    Await.until(
        "rbm's breaker " + state + " (" + value + ")",
        Duration.ofSeconds(10),
        () -> Scrape.circuit(gw, "rbm") == value ? true : null);
  }

  @Test
  void a_capability_check_is_the_half_open_breakers_trial_and_its_answer_closes_it() {
    String key = gw.createTenant("rcstrial", 3);
    gw.fault("rbm", "{\"latency_ms\": 2000, \"rcs_capable\": [\"" + CAPABLE + "\"]}");
    for (String to : OPENING) {
      assertThat(startedChannel(key, to)).as(to).isEqualTo("sms");
    }
    awaitCircuit("open", 2);

    // Half-open, with RBM still hanging: the next check is the trial, times out, and the breaker
    // opens again; the code still goes, by SMS.
    awaitCircuit("half-open", 1);
    assertThat(startedChannel(key, FAILED_TRIAL)).isEqualTo("sms");
    assertThat(Scrape.circuit(gw, "rbm")).as("after a trial that timed out").isEqualTo(2);

    // RBM answers again: the next trial is answered, the breaker closes, and the RCS-capable
    // handset, asked about for the first time, gets its code by RCS.
    gw.fault("rbm", "{\"latency_ms\": 0, \"rcs_capable\": [\"" + CAPABLE + "\"]}");
    awaitCircuit("half-open", 1);
    assertThat(startedChannel(key, CAPABLE)).isEqualTo("rcs");
    assertThat(Scrape.circuit(gw, "rbm")).as("after a trial RBM answered").isZero();
    TestGateway.assertNoBlockedThreads();
  }
}
