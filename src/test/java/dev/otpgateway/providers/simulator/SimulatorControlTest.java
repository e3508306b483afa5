package dev.otpgateway.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.RunningSimulator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The control API reads settings strictly: every bad field is named, and nothing changes. */
class SimulatorControlTest {
  private RunningSimulator running;

  @BeforeEach
  void start() {
    running =
        RunningSimulator.start(
            new PlainApi("plain", Set.of()),
            new PlainApi("lookups", Set.of("sim_swapped", "rcs_capable")));
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void a_healthy_provider_shows_every_setting() {
    JsonObject settings = get("plain");

    assertThat(settings)
        .isEqualTo(
            new JsonObject()
                .put("provider", "plain")
                .put("down", false)
                .put("error_rate", 0.0)
                .put("error_status", 500)
                .put("latency_ms", 0)
                .put("dlr", "delivered")
                .put("dlr_delay_ms", 20)
                .put("silent_drop_rate", 0.0)
                .put("dlr_duplicate_rate", 0.0)
                .put("dlr_late_rate", 0.0)
                .put("dlr_late_ms", 60_000)
                .put("countries", new JsonObject()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"bogus\": 1}                                           | bogus",
        "{\"error_rate\": 1.5}                                    | error_rate",
        "{\"error_rate\": \"half\"}                               | error_rate",
        "{\"error_status\": 200}                                  | error_status",
        "{\"latency_ms\": -1}                                     | latency_ms",
        "{\"latency_ms\": 60001}                                  | latency_ms",
        "{\"latency_ms\": 1.5}                                    | latency_ms",
        "{\"latency\": 300}                                       | latency",
        "{\"latency\": {\"median_ms\": 300}}                      | latency.p99_ms",
        "{\"latency\": {\"median_ms\": 0, \"p99_ms\": 10}}        | latency.median_ms",
        "{\"latency\": {\"median_ms\": 300, \"p99_ms\": 200}}     | latency.p99_ms",
        "{\"latency\": {\"median_ms\": 3, \"p99_ms\": 9, \"x\": 1}} | latency.x",
        "{\"latency\": {\"median_ms\": 3, \"p99_ms\": 9}, \"latency_ms\": 3} | latency",
        "{\"dlr_delay\": {\"median_ms\": 300, \"p99_ms\": 600001}} | dlr_delay.p99_ms",
        "{\"dlr_delay_ms\": 600001}                               | dlr_delay_ms",
        "{\"dlr\": \"maybe\"}                                     | dlr",
        "{\"down\": \"yes\"}                                      | down",
        "{\"silent_drop_rate\": -0.1}                             | silent_drop_rate",
        "{\"dlr_duplicate_rate\": 2}                              | dlr_duplicate_rate",
        "{\"dlr_late_rate\": true}                                | dlr_late_rate",
        "{\"dlr_late_ms\": 3600001}                               | dlr_late_ms",
        "{\"countries\": []}                                      | countries",
        "{\"countries\": {\"XX\": {}}}                            | countries.XX",
        "{\"countries\": {\"gb\": {}}}                            | countries.gb",
        "{\"countries\": {\"GB\": 1}}                             | countries.GB",
        "{\"countries\": {\"GB\": {\"latency_ms\": -5}}}          | countries.GB.latency_ms",
        "{\"countries\": {\"GB\": {\"countries\": {}}}}           | countries.GB.countries",
        "{\"sim_swapped\": {\"+12025550190\": \"PT24H\"}}         | sim_swapped",
        "{\"rcs_capable\": [\"+12025550160\"]}                    | rcs_capable",
      })
  void a_bad_field_is_named_and_changes_nothing(String body, String field) {
    JsonObject before = get("plain");

    HttpResponse<Buffer> r = post("plain", body);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("content-type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(400);
    assertThat(problem.getJsonObject("errors").fieldNames()).containsExactly(field);
    assertThat(problem.getString("detail")).startsWith(field + ": ");
    assertThat(get("plain")).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"sim_swapped\": {\"+1202\": \"PT24H\"}}                  | sim_swapped.+1202",
        "{\"sim_swapped\": {\"+12025550190\": \"yesterday\"}}       | sim_swapped.+12025550190",
        "{\"sim_swapped\": {\"+12025550190\": \"-PT1H\"}}           | sim_swapped.+12025550190",
        "{\"sim_swapped\": [\"+12025550190\"]}                      | sim_swapped",
        "{\"rcs_capable\": [\"12025550160\"]}                       | rcs_capable",
        "{\"countries\": {\"GB\": {\"sim_swapped\": {}}}}           | countries.GB.sim_swapped",
      })
  void a_providers_own_setting_is_checked_as_strictly(String body, String field) {
    JsonObject before = get("lookups");

    HttpResponse<Buffer> r = post("lookups", body);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getJsonObject("errors").fieldNames()).containsExactly(field);
    assertThat(get("lookups")).isEqualTo(before);
  }

  @Test
  void every_bad_field_is_named_at_once() {
    HttpResponse<Buffer> r =
        post("plain", "{\"bogus\": 1, \"dlr\": \"maybe\", \"countries\": {\"XX\": {}}}");

    assertThat(r.bodyAsJsonObject().getJsonObject("errors").fieldNames())
        .containsExactlyInAnyOrder("bogus", "dlr", "countries.XX");
  }

  @Test
  void a_distribution_shows_the_seed_it_draws_from() {
    JsonObject defaulted =
        post("plain", "{\"latency\": {\"median_ms\": 300, \"p99_ms\": 2000}}").bodyAsJsonObject();
    JsonObject seeded =
        post("plain", "{\"dlr_delay\": {\"median_ms\": 500, \"p99_ms\": 9000, \"seed\": 42}}")
            .bodyAsJsonObject();

    assertThat(defaulted.getJsonObject("latency").fieldNames())
        .containsExactlyInAnyOrder("median_ms", "p99_ms", "seed");
    assertThat(defaulted.containsKey("latency_ms")).isFalse();
    assertThat(seeded.getJsonObject("dlr_delay"))
        .isEqualTo(new JsonObject().put("median_ms", 500).put("p99_ms", 9000).put("seed", 42));
    assertThat(seeded.getJsonObject("latency")).isEqualTo(defaulted.getJsonObject("latency"));

    JsonObject constant = post("plain", "{\"latency_ms\": 250}").bodyAsJsonObject();

    assertThat(constant.getInteger("latency_ms")).isEqualTo(250);
    assertThat(constant.containsKey("latency")).isFalse();
  }

  @Test
  void a_country_change_merges_into_what_the_country_had() {
    post("plain", "{\"countries\": {\"AU\": {\"latency_ms\": 100, \"dlr\": \"none\"}}}");
    post("plain", "{\"countries\": {\"AU\": {\"latency\": {\"median_ms\": 50, \"p99_ms\": 90}}}}");
    JsonObject now =
        post("plain", "{\"countries\": {\"GB\": {\"down\": true}}}").bodyAsJsonObject();

    assertThat(now.getJsonObject("countries"))
        .isEqualTo(
            new JsonObject(
                "{\"AU\": {\"dlr\": \"none\", \"latency\": {\"median_ms\": 50, \"p99_ms\": 90}},"
                    + " \"GB\": {\"down\": true}}"));
  }

  @Test
  void own_settings_show_on_the_provider_that_reads_them() {
    JsonObject swapped =
        post("lookups", "{\"sim_swapped\": {\"+12025550190\": \"P2D\"}, \"rcs_capable\": []}")
            .bodyAsJsonObject();

    assertThat(swapped.getJsonObject("sim_swapped"))
        .isEqualTo(new JsonObject().put("+12025550190", "PT48H"));
    assertThat(swapped.getJsonArray("rcs_capable")).isEmpty();
    assertThat(get("plain").containsKey("sim_swapped")).isFalse();
  }

  @Test
  void an_unknown_provider_is_404() {
    HttpResponse<Buffer> r = post("nobody", "{}");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.getHeader("content-type")).isEqualTo("application/problem+json");
  }

  private JsonObject get(String provider) {
    HttpResponse<Buffer> r = running.get("/simulator/providers/" + provider);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> post(String provider, String body) {
    return running.postJson("/simulator/providers/" + provider, body);
  }
}
