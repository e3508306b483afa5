package dev.otpgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DriverOptionsTest {
  private static final Map<String, String> ADMIN = Map.of("OTPGW_ADMIN_KEY", "k");

  @Test
  void defaults_to_a_30_second_closed_loop_over_128_connections() {
    DriverOptions o = DriverOptions.parse(new String[0], ADMIN);
    assertThat(o.mode()).isEqualTo(DriverOptions.Mode.CLOSED);
    assertThat(o.connections()).isEqualTo(128);
    assertThat(o.durationSeconds()).isEqualTo(30);
    assertThat(o.warmupSeconds()).isEqualTo(10);
    assertThat(o.adminKey()).isEqualTo("k");
    assertThat(o.baseUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(o.gatewayPid()).isZero();
    assertThat(o.simulatorPid()).isZero();
  }

  @Test
  void samples_the_simulator_apart_from_the_gateway() {
    DriverOptions o =
        DriverOptions.parse(new String[] {"--gateway-pid", "4242", "--simulator-pid=4343"}, ADMIN);
    assertThat(o.gatewayPid()).isEqualTo(4242);
    assertThat(o.simulatorPid()).isEqualTo(4343);
    assertThatThrownBy(() -> DriverOptions.parse(new String[] {"--simulator-pid", "0"}, ADMIN))
        .hasMessageStartingWith("--simulator-pid must be a whole number from 1");
  }

  @Test
  void reads_an_open_loop_in_both_spellings() {
    DriverOptions o =
        DriverOptions.parse(
            new String[] {"--mode", "open", "--rate=4000", "--duration", "10", "--url=http://h:1/"},
            ADMIN);
    assertThat(o.mode()).isEqualTo(DriverOptions.Mode.OPEN);
    assertThat(o.rate()).isEqualTo(4000);
    assertThat(o.durationSeconds()).isEqualTo(10);
    assertThat(o.baseUrl()).isEqualTo("http://h:1");
  }

  @Test
  void says_what_is_wrong() {
    assertThatThrownBy(() -> DriverOptions.parse(new String[] {"--mode", "open"}, ADMIN))
        .hasMessageContaining("needs --rate");
    assertThatThrownBy(() -> DriverOptions.parse(new String[] {"--duration", "0"}, ADMIN))
        .hasMessage("--duration must be a whole number from 1 to 3600, but was 0");
    assertThatThrownBy(() -> DriverOptions.parse(new String[] {"--rat", "5"}, ADMIN))
        .hasMessage("unknown option --rat");
    assertThatThrownBy(() -> DriverOptions.parse(new String[0], Map.of()))
        .hasMessageContaining("an admin key is needed");
  }
}
