package dev.otpgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otpgateway.testing.External;
import dev.otpgateway.testing.TestGateway;
import dev.otpgateway.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Postman collection in docs/postman, run by Newman (pinned in tools/package.json) against the
 * real gateway with its simulator, as a developer would run it: every request runs and every
 * assertion holds.
 */
class PostmanIT {
  static final Path COLLECTION = Path.of("docs", "postman", "otp-gateway.postman_collection.json");
  static final Path ENVIRONMENT = Path.of("docs", "postman", "local.postman_environment.json");

  @Test
  void the_postman_collection_passes_against_the_gateway() throws IOException {
    Path newman = Tools.npm("newman");
    External.assumePresent(
        "newman (Postman collection)",
        newman != null,
        Tools.NPM_INSTALL + ", then mvn verify -Dit.test=PostmanIT");
    Path report = TestGateway.tempDir().resolve("newman.json");

    Tools.Run run;
    try (TestGateway gw = TestGateway.start(Map.of())) {
      run =
          Tools.run(
              Duration.ofMinutes(3),
              Map.of(),
              List.of(
                  newman.toString(),
                  "run",
                  COLLECTION.toString(),
                  "--environment",
                  ENVIRONMENT.toString(),
                  "--env-var",
                  "baseUrl=" + gw.gateway.baseUrl(),
                  "--env-var",
                  "adminKey=" + TestGateway.ADMIN_KEY,
                  "--reporters",
                  "cli,json",
                  "--reporter-json-export",
                  report.toString(),
                  "--color",
                  "off",
                  "--disable-unicode"));
    }

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode stats = new ObjectMapper().readTree(report.toFile()).path("run").path("stats");
    int requests = requests(new ObjectMapper().readTree(COLLECTION.toFile()));
    assertThat(requests).as("requests in the collection").isGreaterThan(25);
    assertThat(stats.path("requests").path("total").asInt()).as(run.toString()).isEqualTo(requests);
    assertThat(stats.path("assertions").path("failed").asInt()).as(run.toString()).isZero();
    assertThat(stats.path("assertions").path("total").asInt()).isGreaterThanOrEqualTo(requests);
  }

  /** The requests of a collection, folders unfolded. */
  private static int requests(JsonNode node) {
    int count = node.has("request") ? 1 : 0;
    for (JsonNode item : node.path("item")) {
      count += requests(item);
    }
    return count;
  }
}
