package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    Path file = dir.resolve("otp.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void no_configuration_gives_the_embedded_default() {
    GatewayConfig c = ConfigLoader.load(Map.of());

    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.httpHost()).isEqualTo("127.0.0.1");
    assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.rulesDir()).isEqualTo(Path.of("./routing-rules"));
    assertThat(c.cluster().standalone()).isTrue();
    assertThat(c.simulatorOn()).isTrue();
    assertThat(c.demoTenantOn()).isTrue();
    assertThat(c.idempotencyTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(c.resolvedPublicBaseUrl(8080)).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void the_file_sets_values_and_the_environment_overrides_them() throws IOException {
    Path file = yaml("http:\n  port: 9000\ndata_dir: /var/lib/otp\ncluster:\n  members: []\n");

    GatewayConfig c =
        ConfigLoader.load(
            Map.of(
                "OTPGW_CONFIG", file.toString(),
                "OTPGW_HTTP_PORT", "9100",
                "OTPGW_CLUSTER_MEMBERS", "10.0.0.2:5701, node3",
                "OTPGW_OTP_SECRET", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="));

    assertThat(c.httpPort()).isEqualTo(9100);
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/otp"));
    assertThat(c.cluster().members()).containsExactly("10.0.0.2:5701", "node3");
  }

  @Test
  void provider_credentials_turn_the_simulator_off_unless_forced() {
    Map<String, String> env = Map.of("OTPGW_PROVIDERS_MESSAGEBIRD_ACCESS_KEY", "live_x");
    assertThat(ConfigLoader.load(env).simulatorOn()).isFalse();

    assertThat(
            ConfigLoader.load(
                    Map.of(
                        "OTPGW_PROVIDERS_MESSAGEBIRD_ACCESS_KEY",
                        "live_x",
                        "OTPGW_SIMULATOR",
                        "true"))
                .simulatorOn())
        .isTrue();
  }

  @Test
  void a_bad_value_names_file_line_key_value_and_expectation() throws IOException {
    Path file = yaml("# gateway\nhttp:\n  host: 127.0.0.1\n  port: eighty\n");

    assertThatThrownBy(() -> ConfigLoader.load(Map.of("OTPGW_CONFIG", file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":4: key http.port: value \"eighty\" is not valid; expected an integer from 1 to 65535");
  }

  @Test
  void a_bad_environment_value_names_the_variable() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("OTPGW_HTTP_PORT", "70000")))
        .hasMessage(
            "environment variable OTPGW_HTTP_PORT: key http.port: value \"70000\" is not valid; expected an integer from 1 to 65535");
  }

  @Test
  void an_unknown_key_is_refused_with_a_suggestion() throws IOException {
    Path file = yaml("http:\n  prot: 80\n");

    assertThatThrownBy(() -> ConfigLoader.load(Map.of("OTPGW_CONFIG", file.toString())))
        .hasMessage("config file " + file + ":2: unknown key http.prot (did you mean http.port?)");
  }

  @Test
  void a_secret_is_never_echoed_in_an_error() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("OTPGW_OTP_SECRET", "c2hvcnQ=")))
        .hasMessageContaining("(secret, not shown)")
        .hasMessageNotContaining("c2hvcnQ=");
  }

  @Test
  void idempotency_keys_are_kept_at_least_a_day() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("OTPGW_IDEMPOTENCY_TTL_HOURS", "12")))
        .hasMessageContaining("key idempotency.ttl_hours: value \"12\"")
        .hasMessageContaining("at least 24");
  }

  @Test
  void a_cluster_needs_one_otp_secret_for_all_members() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("OTPGW_CLUSTER_MEMBERS", "127.0.0.1:5702")))
        .hasMessageContaining("key otp.secret")
        .hasMessageContaining("OTPGW_OTP_SECRET");
  }

  @Test
  void a_missing_config_file_is_named() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Map.of("OTPGW_CONFIG", dir.resolve("nope.yaml").toString())))
        .hasMessageContaining("nope.yaml")
        .hasMessageContaining("cannot be read");
  }

  @Test
  void env_names_follow_the_key_paths() {
    assertThat(ConfigSchema.BY_PATH.get("http.port").envName()).isEqualTo("OTPGW_HTTP_PORT");
    assertThat(ConfigSchema.BY_PATH.get("admin_key").envName()).isEqualTo("OTPGW_ADMIN_KEY");
    assertThat(ConfigSchema.BY_PATH.get("data_dir").envName()).isEqualTo("OTPGW_DATA_DIR");
    assertThat(ConfigSchema.BY_PATH.get("rules_dir").envName()).isEqualTo("OTPGW_RULES_DIR");
    assertThat(ConfigSchema.BY_PATH.get("public_base_url").envName())
        .isEqualTo("OTPGW_PUBLIC_BASE_URL");
    assertThat(ConfigSchema.BY_PATH.get("simulator").envName()).isEqualTo("OTPGW_SIMULATOR");
    assertThat(ConfigSchema.BY_PATH.get("cluster.members").envName())
        .isEqualTo("OTPGW_CLUSTER_MEMBERS");
  }
}
